/**
 * Release-catalog figures: `npx tsx bench/releases.bench.ts [runs]`.
 * Cold = first time in this process (module and JIT warm-up included); warm = median of N runs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ReleaseCatalog, diffReleases, parseK3sReleaseNotes, validateCatalogData } from '../src/core/releases';

const root = join(__dirname, '..');
const runs = Number(process.argv[2] ?? 50);

function loadCatalog(): ReleaseCatalog {
  const json = JSON.parse(readFileSync(join(root, 'data', 'catalog.json'), 'utf8')) as unknown;
  const data = validateCatalogData(json);
  if (!data.ok) throw new Error(data.error);
  return ReleaseCatalog.fromData(data.value);
}

function time<T>(fn: () => T): [number, T] {
  const t0 = performance.now();
  const v = fn();
  return [performance.now() - t0, v];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function measure<T>(label: string, fn: () => T): T {
  const [cold, value] = time(fn);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push(time(fn)[0]);
  console.log(`${label.padEnd(58)} cold ${cold.toFixed(2).padStart(8)} ms   warm median ${median(warm).toFixed(2).padStart(7)} ms   (max ${Math.max(...warm).toFixed(2)} ms, n=${runs})`);
  return value;
}

const catalog = measure('catalog load (read + JSON.parse + validate + index)', loadCatalog);
const newest = catalog.latestPatch('1.35')!.version;
const diff = measure(`diff k3s v1.24.0+k3s1 → ${newest}`, () => diffReleases(catalog, 'k3s', 'v1.24.0+k3s1', newest));
if (!diff.ok) throw new Error(diff.error);
measure('diff rook v1.12.0 → v1.20.0', () => diffReleases(catalog, 'rook', 'v1.12.0', 'v1.20.0'));
const dir = join(root, 'data', 'upstream', 'k3s-io-docs', 'release-notes');
const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
measure(`parse all ${texts.length} k3s release-notes files`, () => texts.map((t) => parseK3sReleaseNotes(t)));
console.log(`catalog: ${readFileSync(join(root, 'data', 'catalog.json')).length} bytes, ${catalog.k3sReleases().length} K3s releases, ${catalog.rookReleases().length} Rook releases, ${catalog.cephReleases().length} Ceph releases`);
console.log(`diff: ${diff.value.releases.length} releases, ${diff.value.items.length} items ${JSON.stringify(diff.value.counts)}, ${diff.value.securityFixes.length} security ids, ${diff.value.componentChanges.length} component changes, ${diff.value.urgentNotes.length} minors' urgent notes`);
