import { type CatalogData, type K3sRelease, type RookRelease, type Unparsed, emptyCatalogData, parseK3sGithubRelease, parseRookPendingNotes, parseReleaseDate } from '../core/releases';

/** The fields of a GitHub release (REST `GET /repos/{owner}/{repo}/releases`) the catalog uses. */
export interface GithubRelease {
  readonly tag_name: string;
  readonly published_at?: string | null;
  readonly body?: string | null;
  readonly draft?: boolean;
  readonly prerelease?: boolean;
}

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

/** Keeps only well-formed entries of an untrusted API answer. */
export function asGithubReleases(json: unknown): GithubRelease[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((r: unknown): GithubRelease[] => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    const tag = str(o.tag_name);
    if (!tag) return [];
    return [{ tag_name: tag, published_at: str(o.published_at) ?? null, body: str(o.body) ?? null, draft: o.draft === true, prerelease: o.prerelease === true }];
  });
}

/** K3s GitHub releases → K3s releases (drafts, pre-releases and non-K3s tags skipped). */
export function k3sFromGithub(releases: readonly GithubRelease[], source = 'github:k3s-io/k3s'): { k3s: K3sRelease[]; unparsed: Unparsed[] } {
  const k3s: K3sRelease[] = [];
  const unparsed: Unparsed[] = [];
  for (const r of releases) {
    if (r.draft || r.prerelease || /-(alpha|beta|rc)/i.test(r.tag_name)) continue;
    const parsed = parseK3sGithubRelease(r.tag_name, r.published_at ?? undefined, r.body ?? '', `${source}@${r.tag_name}`);
    unparsed.push(...parsed.unparsed);
    if (parsed.release) k3s.push({ ...parsed.release, origin: 'online' });
  }
  return { k3s, unparsed };
}

/** Rook GitHub releases → Rook releases; a body's "Breaking Changes" section gives the breaking items. */
export function rookFromGithub(releases: readonly GithubRelease[], source = 'github:rook/rook'): { rook: RookRelease[]; unparsed: Unparsed[] } {
  const rook: RookRelease[] = [];
  const unparsed: Unparsed[] = [];
  for (const r of releases) {
    if (r.draft || r.prerelease || !/^v\d+\.\d+\.\d+$/.test(r.tag_name)) continue;
    const notes = parseRookPendingNotes(r.body ?? '', `${source}@${r.tag_name}`);
    const date = r.published_at ? parseReleaseDate(r.published_at) : undefined;
    // Release bodies hold more prose than PendingReleaseNotes; only what sat in a breaking or feature
    // section is kept, so the prose reports are not useful here.
    rook.push({ version: r.tag_name, ...(date ? { date } : {}), cephReleases: [], breaking: notes.breaking, items: notes.features, origin: 'online' });
  }
  return { rook, unparsed };
}

export function onlineCatalogData(k3s: readonly K3sRelease[], rook: readonly RookRelease[], unparsed: readonly Unparsed[], asOf: string): CatalogData {
  return { ...emptyCatalogData(asOf), k3s, rook, unparsed };
}
