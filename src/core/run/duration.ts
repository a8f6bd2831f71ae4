import { type Result, err, ok } from '../../common/result';

/**
 * The plan's durations (`$defs/duration` in schemas/upgrade-plan.schema.json): hours, minutes and
 * seconds in that order, each optional, `30m`, `1h30m`, `90s`. No duration parser existed in src/core
 * before the run needed one; this is the one (gates.timeout, strategy.soakTime, strategy.drain.timeout).
 */

const DURATION_RE = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
/** A week: longer than any gate, soak or drain a plan could mean; a bigger figure is a typo. */
export const MAX_DURATION_SECONDS = 7 * 24 * 3600;

/** Seconds in a plan duration; refused when it is not one (or empty, or over a week). */
export function parsePlanDuration(text: unknown, what = 'the duration'): Result<number> {
  if (typeof text !== 'string' || text.length < 2) return err(`${what} must be a duration such as 30m, 1h30m or 90s, not ${JSON.stringify(text)}`);
  const m = DURATION_RE.exec(text);
  if (!m) return err(`${what} must be a duration such as 30m, 1h30m or 90s, not "${text}"`);
  const seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  if (seconds > MAX_DURATION_SECONDS) return err(`${what} "${text}" is longer than a week`);
  return ok(seconds);
}

/** `1h30m`, `45s`, `0s`: seconds back in the plan's format. */
export function formatPlanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const out = `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${r ? `${r}s` : ''}`;
  return out || '0s';
}
