import { type Result, ok } from '../../common/result';
import { type MaintenanceWindow, WEEKDAYS, parseMaintenanceWindow } from '../preflight/maintenanceWindow';

/**
 * The plan's maintenance window as a system-upgrade-controller Plan `window` (kured's time window:
 * `days`, `startTime`, `endTime`, `timeZone`). The controller creates no upgrade Job outside it, which
 * holds even when the editor is closed. Kured checks the weekday of the moment itself, so a window
 * that runs past midnight ("saturday 22:00–04:00", the plan's meaning: opens Saturday, closes Sunday
 * 04:00) cannot be said exactly: the Plan gets the longer of its two same-day parts (22:00–23:59 on
 * Saturday, or 00:00–04:00 on Sunday), always inside the plan's window, and a note says so. The run
 * itself still waits for the whole window (preflight/maintenanceWindow.ts windowState).
 */

export interface SucWindow {
  readonly days: readonly string[];
  readonly startTime: string;
  readonly endTime: string;
  readonly timeZone: string;
}

export interface SucWindowMapping {
  /** undefined when the plan has no window. */
  readonly window: SucWindow | undefined;
  /** Set when the Plan's window is narrower than the plan's. */
  readonly note?: string;
}

const DAY = 1440;
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The Plan `window` for the plan's `strategy.maintenanceWindow`; refused when the plan's window is invalid. */
export function sucWindowOf(raw: unknown): Result<SucWindowMapping> {
  const parsed = parseMaintenanceWindow(raw);
  if (!parsed.ok) return parsed;
  if (!parsed.value) return ok({ window: undefined });
  return ok(mapWindow(parsed.value));
}

function mapWindow(w: MaintenanceWindow): SucWindowMapping {
  if (w.end > w.start) return { window: { days: w.days, startTime: hhmm(w.start), endTime: hhmm(w.end), timeZone: w.timeZone } };
  // Past midnight (or a whole day when end = start): [start, 24:00) on the day named, [00:00, end) the day after.
  const evening = DAY - w.start;
  const morning = w.end;
  const next = (d: (typeof WEEKDAYS)[number]): string => WEEKDAYS[(WEEKDAYS.indexOf(d) + 1) % 7];
  const window: SucWindow = evening >= morning
    ? { days: w.days, startTime: hhmm(w.start), endTime: '23:59', timeZone: w.timeZone }
    : { days: w.days.map(next), startTime: '00:00', endTime: hhmm(w.end), timeZone: w.timeZone };
  const part = evening >= morning ? `${window.startTime}–23:59 on ${w.days.join(', ')}` : `00:00–${window.endTime} on ${window.days.join(', ')}`;
  return {
    window,
    note: `the system-upgrade-controller window cannot run past midnight: its Plans start upgrade Jobs only ${part} (${w.timeZone}), inside the plan's ${hhmm(w.start)}–${hhmm(w.end)} window`,
  };
}
