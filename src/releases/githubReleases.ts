import { type Result, err, ok } from '../common/result';
import {
  type CatalogData, type K3sRelease, type ReleaseNoteItem, type RookRelease, type Unparsed,
  RELEASE_BODY_MAX_CHARS, emptyCatalogData, parseK3sGithubRelease, parseRookPendingNotes, parseReleaseDate,
} from '../core/releases';

/** The fields of a GitHub release (REST `GET /repos/{owner}/{repo}/releases`) the catalog uses. */
export interface GithubRelease {
  readonly tag_name: string;
  readonly published_at?: string | null;
  readonly body?: string | null;
  readonly draft?: boolean;
  readonly prerelease?: boolean;
}

/**
 * What one page may put into saved state. The largest real K3s release (v1.32.0+k3s1) has 128 items,
 * 12.7k characters of item text, its longest item 478 characters; the caps leave room above that.
 */
export const STORED_LIMITS = {
  releasesPerPage: 100,
  itemsPerRelease: 300,
  itemChars: 2000,
  textCharsPerRelease: 32_000,
  textCharsPerPage: 1_500_000,
  components: 40,
  componentChars: 100,
  unparsedPerPage: 200,
  unparsedChars: 200,
} as const;

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Well-formed entries of an untrusted API answer; an answer that is not a list is an error, not "no releases". */
export function asGithubReleases(json: unknown): Result<GithubRelease[]> {
  if (!Array.isArray(json)) return err(`is not a list of releases (${json === null ? 'null' : typeof json === 'object' ? 'a JSON object' : `a ${typeof json}`})`);
  return ok(json.flatMap((r: unknown): GithubRelease[] => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    const tag = str(o.tag_name);
    // A release tag is a few dozen characters; anything far longer is not one (and is not parsed).
    if (!tag || tag.length > 128) return [];
    const published = str(o.published_at);
    return [{ tag_name: tag, published_at: published && published.length <= 64 ? published : null, body: str(o.body) ?? null, draft: o.draft === true, prerelease: o.prerelease === true }];
  }));
}

/** One K3s GitHub release → a K3s release; undefined for drafts, pre-releases and non-K3s tags. */
export function k3sFromGithubRelease(r: GithubRelease, source = 'github:k3s-io/k3s'): { release?: K3sRelease; unparsed: Unparsed[] } {
  if (r.draft || r.prerelease || /-(alpha|beta|rc)/i.test(r.tag_name)) return { unparsed: [] };
  const parsed = parseK3sGithubRelease(r.tag_name, r.published_at ?? undefined, r.body ?? '', `${source}@${r.tag_name}`);
  return { ...(parsed.release ? { release: { ...parsed.release, origin: 'online' } } : {}), unparsed: parsed.unparsed };
}

/** One Rook GitHub release → a Rook release; a body's "Breaking Changes" section gives the breaking items. */
export function rookFromGithubRelease(r: GithubRelease, source = 'github:rook/rook'): { release?: RookRelease; unparsed: Unparsed[] } {
  if (r.draft || r.prerelease || !/^v\d+\.\d+\.\d+$/.test(r.tag_name)) return { unparsed: [] };
  const notes = parseRookPendingNotes(r.body ?? '', `${source}@${r.tag_name}`, RELEASE_BODY_MAX_CHARS);
  const date = r.published_at ? parseReleaseDate(r.published_at) : undefined;
  // Release bodies hold more prose than PendingReleaseNotes; only what sat in a breaking or feature
  // section is kept, so the prose reports are not useful here (the body cut is).
  const cut = notes.unparsed.filter((u) => /the rest is not read/.test(u.reason));
  return { release: { version: r.tag_name, ...(date ? { date } : {}), breaking: notes.breaking, items: notes.features, origin: 'online' }, unparsed: cut };
}

/** K3s GitHub releases → K3s releases (drafts, pre-releases and non-K3s tags skipped). */
export function k3sFromGithub(releases: readonly GithubRelease[], source?: string): { k3s: K3sRelease[]; unparsed: Unparsed[] } {
  const parsed = releases.map((r) => k3sFromGithubRelease(r, source));
  return { k3s: parsed.flatMap((p) => (p.release ? [p.release] : [])), unparsed: parsed.flatMap((p) => p.unparsed) };
}

/** Rook GitHub releases → Rook releases. */
export function rookFromGithub(releases: readonly GithubRelease[], source?: string): { rook: RookRelease[]; unparsed: Unparsed[] } {
  const parsed = releases.map((r) => rookFromGithubRelease(r, source));
  return { rook: parsed.flatMap((p) => (p.release ? [p.release] : [])), unparsed: parsed.flatMap((p) => p.unparsed) };
}

/** Counts what a page puts into saved state and says what it cut. */
class StoreBudget {
  private pageChars = 0;
  readonly notes: Unparsed[] = [];

  note(version: string, reason: string): void {
    this.notes.push({ line: 0, text: version.slice(0, STORED_LIMITS.unparsedChars), reason, source: 'online' });
  }

  /** The items of one release that fit, long ones cut; `spent` is the release's running total. */
  items(version: string, items: readonly ReleaseNoteItem[], spent: { chars: number }): ReleaseNoteItem[] {
    const L = STORED_LIMITS;
    const kept: ReleaseNoteItem[] = [];
    let cut = 0;
    for (const it of items) {
      if (kept.length >= L.itemsPerRelease || spent.chars >= L.textCharsPerRelease || this.pageChars >= L.textCharsPerPage) break;
      const text = it.text.length > L.itemChars ? `${it.text.slice(0, L.itemChars)}…` : it.text;
      if (text !== it.text) cut++;
      spent.chars += text.length;
      this.pageChars += text.length;
      kept.push(text === it.text ? it : { ...it, text });
    }
    if (kept.length < items.length) this.note(version, `${items.length - kept.length} of ${items.length} items not kept (stored release data is capped)`);
    if (cut > 0) this.note(version, `${cut} item${cut === 1 ? '' : 's'} longer than ${L.itemChars} characters cut`);
    return kept;
  }

  finish(unparsed: readonly Unparsed[]): Unparsed[] {
    return [...unparsed, ...this.notes].slice(0, STORED_LIMITS.unparsedPerPage).map((u) => ({ ...u, text: u.text.slice(0, STORED_LIMITS.unparsedChars) }));
  }
}

function firstReleases<R>(budget: StoreBudget, releases: readonly R[]): readonly R[] {
  if (releases.length <= STORED_LIMITS.releasesPerPage) return releases;
  budget.note(`${releases.length} releases`, `only the first ${STORED_LIMITS.releasesPerPage} releases of the page are kept`);
  return releases.slice(0, STORED_LIMITS.releasesPerPage);
}

/**
 * One page of K3s releases cut down to STORED_LIMITS, every cut reported. Applied before the page is
 * stored and again when it is read back (a cache written by an older version was not capped).
 */
export function capK3sPage(releases: readonly K3sRelease[], unparsed: readonly Unparsed[]): { releases: K3sRelease[]; unparsed: Unparsed[] } {
  const budget = new StoreBudget();
  const L = STORED_LIMITS;
  const out = firstReleases(budget, releases).map((r): K3sRelease => {
    const entries = Object.entries(r.components);
    if (entries.length > L.components) budget.note(r.version, `only the first ${L.components} components kept`);
    const components = Object.fromEntries(entries.slice(0, L.components).map(([k, v]) => [k.slice(0, L.componentChars), v.slice(0, L.componentChars)]));
    return { ...r, components, items: budget.items(r.version, r.items, { chars: 0 }) };
  });
  return { releases: out, unparsed: budget.finish(unparsed) };
}

/** One page of Rook releases cut down to STORED_LIMITS (breaking changes first), every cut reported. */
export function capRookPage(releases: readonly RookRelease[], unparsed: readonly Unparsed[]): { releases: RookRelease[]; unparsed: Unparsed[] } {
  const budget = new StoreBudget();
  const out = firstReleases(budget, releases).map((r): RookRelease => {
    const spent = { chars: 0 };
    const breaking = budget.items(r.version, r.breaking, spent);
    return { ...r, breaking, items: budget.items(r.version, r.items, spent) };
  });
  return { releases: out, unparsed: budget.finish(unparsed) };
}

export function onlineCatalogData(k3s: readonly K3sRelease[], rook: readonly RookRelease[], unparsed: readonly Unparsed[], asOf: string): CatalogData {
  return { ...emptyCatalogData(asOf), k3s, rook, unparsed };
}
