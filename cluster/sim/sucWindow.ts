// A Plan's `spec.window` as system-upgrade-controller reads it (TimeWindowSpec.Contains → kured's timewindow):
// the weekday of the moment itself (in the window's time zone) must be one of `days`, and its time of day between
// `startTime` and `endTime` (both inclusive; a start after the end wraps over midnight, still on the listed day).
// A window that does not parse contains nothing, as upstream's Contains returns false on a parse error.
import type { PlanWindow } from './types';

const DAY_NAMES: Record<string, number> = {};
['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].forEach((d, i) => {
  for (const n of [String(i), d.slice(0, 2), d.slice(0, 3), d]) DAY_NAMES[n] = i;
});

/** Seconds after midnight for kured's formats "15:04", "15:04:05", "03:04 PM", "03:04:05 PM"; undefined otherwise. */
function secondsOf(t: string | undefined): number | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP]M))?$/i.exec((t ?? '').trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (m[4]) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (m[4].toUpperCase() === 'PM' ? 12 : 0);
  }
  if (h > 23 || min > 59 || s > 59) return undefined;
  return h * 3600 + min * 60 + s;
}

/** Weekday (0 = Sunday) and seconds after midnight of `at` in `timeZone`; undefined for an unknown zone. */
function localClock(at: Date, timeZone: string): { day: number; seconds: number } | undefined {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(at);
    const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
    return { day: DAY_NAMES[get('weekday').toLowerCase()], seconds: Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second')) };
  } catch {
    return undefined;
  }
}

/** Whether the window contains `at`. */
export function windowContains(w: PlanWindow, at: Date): boolean {
  const days = (w.days ?? []).map((d) => DAY_NAMES[String(d).toLowerCase()]);
  const start = secondsOf(w.startTime);
  const end = secondsOf(w.endTime);
  const clock = localClock(at, w.timeZone || 'UTC');
  if (!days.length || days.some((d) => d === undefined) || start === undefined || end === undefined || !clock) return false;
  if (!days.includes(clock.day)) return false;
  // kured's end is inclusive to the last nanosecond of its second.
  if (start <= end) return clock.seconds >= start && clock.seconds <= end;
  return clock.seconds <= end || clock.seconds >= start;
}
