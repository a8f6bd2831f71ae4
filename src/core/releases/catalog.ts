import type { Risk } from '../risks/model';
import type { CatalogData, CephRelease, K3sRelease, RookRelease, UrgentNotes, Unparsed } from './types';
import { type KubeVersion, compareKube, parseKubeVersion, parseRookVersion, type RookVersion, compareRook } from '../versions';
import { minorOfK3s } from './order';

interface Indexed<T, V> {
  readonly release: T;
  readonly v: V;
}

/**
 * Read-only queries over one merged CatalogData. Built once per data change (construction sorts
 * and indexes; queries are then cheap). Versions passed in are strings as users write them; an
 * unparsable version simply matches nothing.
 */
export class ReleaseCatalog {
  private readonly k3s: Indexed<K3sRelease, KubeVersion>[];
  private readonly k3sByVersion = new Map<string, K3sRelease>();
  private readonly k3sPosition = new Map<string, number>();
  private readonly rookIdx: Indexed<RookRelease, RookVersion>[];
  private readonly urgent = new Map<string, UrgentNotes>();

  private constructor(readonly data: CatalogData) {
    this.k3s = [];
    for (const release of data.k3s) {
      const v = parseKubeVersion(release.version);
      if (v.ok && !this.k3sByVersion.has(release.version)) {
        this.k3s.push({ release, v: v.value });
        this.k3sByVersion.set(release.version, release);
      }
    }
    this.k3s.sort((a, b) => compareKube(a.v, b.v));
    this.k3s.forEach((x, i) => this.k3sPosition.set(x.release.version, i));
    this.rookIdx = [];
    for (const release of data.rook) {
      const v = parseRookVersion(release.version);
      if (v.ok) this.rookIdx.push({ release, v: v.value });
    }
    this.rookIdx.sort((a, b) => compareRook(a.v, b.v));
    for (const n of data.kubernetesUrgentNotes) this.urgent.set(n.minor, n);
  }

  static fromData(data: CatalogData): ReleaseCatalog {
    return new ReleaseCatalog(data);
  }

  get asOf(): string {
    return this.data.asOf;
  }

  /** Every K3s release, oldest first. */
  k3sReleases(): K3sRelease[] {
    return this.k3s.map((x) => x.release);
  }

  find(version: string): K3sRelease | undefined {
    return this.k3sByVersion.get(version.trim());
  }

  exists(version: string): boolean {
    return this.k3sByVersion.has(version.trim());
  }

  newest(): K3sRelease | undefined {
    return this.k3s.at(-1)?.release;
  }

  /** K3s minors with at least one release, oldest first (`1.24`, …). */
  minors(): string[] {
    return [...new Set(this.k3s.map((x) => minorOfK3s(x.v)))];
  }

  /** Newest release of a minor (`1.30` or `v1.30`), undefined when the catalog has none. */
  latestPatch(minor: string): K3sRelease | undefined {
    const key = minor.trim().replace(/^v/, '');
    for (let i = this.k3s.length - 1; i >= 0; i--) {
      if (minorOfK3s(this.k3s[i].v) === key) return this.k3s[i].release;
    }
    return undefined;
  }

  releasesOfMinor(minor: string): K3sRelease[] {
    const key = minor.trim().replace(/^v/, '');
    return this.k3s.filter((x) => minorOfK3s(x.v) === key).map((x) => x.release);
  }

  /** Releases in (from, to], oldest first; neither end needs to be in the catalog. */
  releasesBetween(from: string, to: string): K3sRelease[] {
    const a = parseKubeVersion(from);
    const b = parseKubeVersion(to);
    if (!a.ok || !b.ok) return [];
    return this.k3s.filter((x) => compareKube(x.v, a.value) > 0 && compareKube(x.v, b.value) <= 0).map((x) => x.release);
  }

  /** The release just before a known release in version order; undefined for the oldest or an unknown one. */
  previous(version: string): K3sRelease | undefined {
    const i = this.k3sPosition.get(version.trim());
    return i === undefined || i === 0 ? undefined : this.k3s[i - 1].release;
  }

  /** Newest release not newer than `version` (the release itself when known). */
  atOrBefore(version: string): K3sRelease | undefined {
    const a = parseKubeVersion(version);
    if (!a.ok) return undefined;
    let found: K3sRelease | undefined;
    for (const x of this.k3s) {
      if (compareKube(x.v, a.value) > 0) break;
      found = x.release;
    }
    return found;
  }

  urgentNotes(minor: string): UrgentNotes | undefined {
    return this.urgent.get(minor.replace(/^v/, ''));
  }

  rookReleases(): RookRelease[] {
    return this.rookIdx.map((x) => x.release);
  }

  rookFind(version: string): RookRelease | undefined {
    const a = parseRookVersion(version);
    if (!a.ok) return undefined;
    return this.rookIdx.find((x) => compareRook(x.v, a.value) === 0)?.release;
  }

  rookMinors(): string[] {
    return [...new Set(this.rookIdx.map((x) => `${x.v.major}.${x.v.minor}`))];
  }

  rookLatestPatch(minor: string): RookRelease | undefined {
    const key = minor.trim().replace(/^v/, '');
    return [...this.rookIdx].reverse().find((x) => `${x.v.major}.${x.v.minor}` === key)?.release;
  }

  /** Rook releases in (from, to], oldest first. */
  rookReleasesBetween(from: string, to: string): RookRelease[] {
    const a = parseRookVersion(from);
    const b = parseRookVersion(to);
    if (!a.ok || !b.ok) return [];
    return this.rookIdx.filter((x) => compareRook(x.v, a.value) > 0 && compareRook(x.v, b.value) <= 0).map((x) => x.release);
  }

  /** Every Ceph point release the catalog knows, oldest first. */
  cephVersions(): string[] {
    return this.cephReleases().flatMap((c) => c.versions);
  }

  cephReleases(): CephRelease[] {
    return [...this.data.ceph].sort((a, b) => a.major - b.major);
  }

  cephRelease(nameOrMajor: string | number): CephRelease | undefined {
    return this.data.ceph.find((c) => (typeof nameOrMajor === 'number' ? c.major === nameOrMajor : c.name === nameOrMajor.toLowerCase()));
  }

  /** Risks every user of a component shares (shipped with the catalog), for the path engine. */
  risks(): readonly Risk[] {
    return this.data.risks;
  }

  unparsed(): readonly Unparsed[] {
    return this.data.unparsed;
  }
}
