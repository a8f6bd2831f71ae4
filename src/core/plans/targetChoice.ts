import { type Result, err, ok } from '../../common/result';
import { compareKube, parseKubeVersion, parseMinorLine } from '../versions';
import type { PlanReleases } from './planReleases';

export interface TargetChoice {
  readonly version: string;
  /** Why it is offered: `latest patch of v1.30`, `next minor`, `newest`. */
  readonly why: string;
  readonly date?: string;
}

/**
 * Targets to offer for a cluster on `current`, in the order a careful operator considers them: the
 * latest patch of the running minor, the next minor (both also shown by the explorer), then the newest
 * patch of each newer minor, newest first. Only releases newer than `current`.
 */
export function targetChoices(releases: PlanReleases, current: string): TargetChoice[] {
  const cur = parseKubeVersion(current);
  if (!cur.ok) return releases.recommended('k3s').map((v) => ({ version: v, why: 'recommended' }));
  const newer = (v: string | undefined): v is string => {
    const p = v ? parseKubeVersion(v) : undefined;
    return p?.ok === true && compareKube(p.value, cur.value) > 0;
  };
  const out: TargetChoice[] = [];
  const add = (v: string | undefined, why: string): void => {
    if (newer(v) && !out.some((c) => c.version === v)) {
      const date = releases.summary('k3s', v)?.date;
      out.push({ version: v, why, ...(date ? { date } : {}) });
    }
  };
  const { major, minor } = cur.value;
  add(releases.latestPatch('k3s', `${major}.${minor}`), `latest patch of v${major}.${minor}`);
  add(releases.latestPatch('k3s', `${major}.${minor + 1}`), `next minor v${major}.${minor + 1}`);
  const rec = releases.recommended('k3s');
  rec.forEach((v, i) => add(v, i === 0 ? 'newest' : 'newest patch of its minor'));
  return out;
}

/**
 * A target typed by the user: an exact known release, or a minor line (`v1.31`, `1.31`) meaning its
 * newest patch; newer than the cluster. The error is a sentence for the input box.
 */
export function checkTargetInput(releases: PlanReleases, current: string, text: string): Result<string> {
  const t = text.trim();
  if (t === '') return err('Type a version such as v1.33.7+k3s3, or v1.33 for the newest patch of a minor.');
  if (t.length > 64) return err('That is not a version.');
  const cur = parseKubeVersion(current);
  const notNewer = (version: string): Result<string> | undefined => {
    const v = parseKubeVersion(version);
    return cur.ok && v.ok && compareKube(v.value, cur.value) <= 0 ? err(`${version} is not newer than the cluster's ${current}: upgrades only go forward.`) : undefined;
  };
  const line = parseMinorLine(t);
  let version = t;
  if (line) {
    const latest = releases.latestPatch('k3s', `${line.major}.${line.minor}`);
    if (!latest) return err(`No K3s v${line.major}.${line.minor} release is known.`);
    version = latest;
  } else {
    const p = parseKubeVersion(t);
    if (!p.ok) return err('Write a version such as v1.33.7+k3s3, or v1.33 for the newest patch of a minor.');
    const older = notNewer(t);
    if (older) return older;
    if (!releases.exists('k3s', t)) {
      const latest = releases.latestPatch('k3s', `${p.value.major}.${p.value.minor}`);
      return err(`${t} is not a known K3s release.${latest ? ` The newest v${p.value.major}.${p.value.minor} release is ${latest}.` : ''}`);
    }
  }
  const older = notNewer(version);
  if (older) return older;
  return ok(version);
}
