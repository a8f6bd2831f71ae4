import { type Result, err, ok } from '../../common/result';
import type { UpgradePlan } from '../plans/model';
import type { CheckHead } from './common';
import type { CheckResult } from './result';

/**
 * `strategy.maintenanceWindow`: days of the week, a start and an end (HH:MM, an end before the start
 * runs into the next day) in an IANA time zone (UTC when absent). The day named is the day the window
 * opens. The current time is an argument; time zones go through `Intl.DateTimeFormat`.
 */

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface MaintenanceWindow {
  readonly days: readonly Weekday[];
  /** Minutes after local midnight. */
  readonly start: number;
  readonly end: number;
  readonly timeZone: string;
}

export type WindowState =
  | { readonly open: true; readonly closesInMinutes: number; readonly closesAt: string }
  /** `opensAt` is local wall time (`saturday 22:00 Europe/Berlin`); the minutes may be an hour off across a DST change. */
  | { readonly open: false; readonly opensInMinutes: number; readonly opensAt: string };

const DAY = 1440;

/** Reads the plan's window; undefined when the plan has none. */
export function parseMaintenanceWindow(raw: unknown): Result<MaintenanceWindow | undefined> {
  if (raw === undefined || raw === null) return ok(undefined);
  if (typeof raw !== 'object') return err('strategy.maintenanceWindow is not an object');
  const w = raw as { days?: unknown; start?: unknown; end?: unknown; timeZone?: unknown };
  const days: unknown[] = Array.isArray(w.days) ? (w.days as unknown[]) : [];
  const bad = days.find((d) => typeof d !== 'string' || !(WEEKDAYS as readonly string[]).includes(d.toLowerCase()));
  if (!days.length || bad !== undefined) return err(`the window's days must be weekday names (monday … sunday)${bad !== undefined ? `, not ${JSON.stringify(bad)}` : ''}`);
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  if (start === undefined || end === undefined) return err(`the window's start and end must be HH:MM (24 h), not "${String(w.start)}"–"${String(w.end)}"`);
  const timeZone = w.timeZone === undefined ? 'UTC' : w.timeZone;
  if (typeof timeZone !== 'string') return err('the window\'s timeZone must be an IANA name such as Europe/Berlin');
  if (!validTimeZone(timeZone)) return err(`"${timeZone}" is not a time zone this system knows (IANA names such as Europe/Berlin)`);
  return ok({ days: days.map((d) => (d as string).toLowerCase() as Weekday), start, end, timeZone });
}

function minutesOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(v);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The weekday (0 = Sunday) and minute of the day at `now` in `timeZone`. */
export function localTime(now: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(get('weekday').toLowerCase() as Weekday);
  return { day, minute: (Number(get('hour')) % 24) * 60 + Number(get('minute')) };
}

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Whether the window is open at `now`, and when it closes or next opens. */
export function windowState(w: MaintenanceWindow, now: Date): WindowState {
  const { day, minute } = localTime(now, w.timeZone);
  const length = w.end > w.start ? w.end - w.start : w.end === w.start ? DAY : DAY - w.start + w.end;
  const opens = new Set(w.days.map((d) => WEEKDAYS.indexOf(d)));
  // A window that opened today or yesterday (and runs past midnight) may still be open.
  for (const back of [0, 1]) {
    const d = (day - back + 7) % 7;
    const since = back * DAY + minute - w.start;
    if (opens.has(d) && since >= 0 && since < length) {
      const closesInMinutes = length - since;
      return { open: true, closesInMinutes, closesAt: `${hhmm(w.end)} ${w.timeZone}` };
    }
  }
  for (let ahead = 0; ahead <= 7; ahead++) {
    const d = (day + ahead) % 7;
    const until = ahead * DAY + w.start - minute;
    if (opens.has(d) && until > 0) return { open: false, opensInMinutes: until, opensAt: `${WEEKDAYS[d]} ${hhmm(w.start)} ${w.timeZone}` };
  }
  /* istanbul ignore next -- every listed day recurs within a week */
  return { open: false, opensInMinutes: 7 * DAY, opensAt: `${w.days[0]} ${hhmm(w.start)} ${w.timeZone}` };
}

const HEAD: CheckHead = { id: 'plan.maintenance-window', title: 'Maintenance window open' };

export function checkMaintenanceWindow(plan: Pick<UpgradePlan, 'strategy'> | undefined, now: Date): CheckResult {
  const planPath = ['strategy', 'maintenanceWindow'];
  if (!plan) return { ...HEAD, status: 'not-checked', reason: 'the plan does not parse, so its maintenance window is unknown', objects: [] };
  const parsed = parseMaintenanceWindow(plan?.strategy?.maintenanceWindow);
  if (!parsed.ok) return { ...HEAD, status: 'fail', reason: parsed.error, objects: [], planPath, fixHint: 'Correct strategy.maintenanceWindow in the plan.' };
  if (!parsed.value) return { ...HEAD, status: 'pass', reason: 'the plan has no maintenance window: the run may start at any time', objects: [] };
  const s = windowState(parsed.value, now);
  const evidence = { now: now.toISOString(), timeZone: parsed.value.timeZone };
  if (s.open) return { ...HEAD, status: 'pass', reason: `the window is open until ${s.closesAt} (${hours(s.closesInMinutes)} left)`, objects: [], planPath, evidence };
  return {
    ...HEAD, status: 'warn', objects: [], planPath, evidence: { ...evidence, opensInMinutes: s.opensInMinutes },
    reason: `the window is closed: the run will wait until ${s.opensAt} (in about ${hours(s.opensInMinutes)})`,
  };
}

function hours(min: number): string {
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
}
