/**
 * Builds data/catalog.json (shipped with the extension) from the upstream copies in data/upstream
 * and the reviewed facts in data/curated. Run: `npx tsx scripts/build-catalog.ts` (`--check` fails
 * when the committed file is out of date instead of writing it).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { assembleCatalog, type CatalogData, type CephRelease } from '../src/core/releases';
import { type Risk, parseRiskFile } from '../src/core/risks';

const root = join(__dirname, '..');
const upstream = join(root, 'data', 'upstream');
const curated = join(root, 'data', 'curated');
const out = join(root, 'data', 'catalog.json');

const read = (p: string): { name: string; text: string } => ({ name: relative(join(root, 'data'), p), text: readFileSync(p, 'utf8') });

interface RookYaml {
  extraTags?: { tag: string; source: string }[];
}

function main(): void {
  const notesDir = join(upstream, 'k3s-io-docs', 'release-notes');
  const k3sNotes = readdirSync(notesDir).filter((f) => /^v\d+\.\d+\.X\.md$/i.test(f)).sort().map((f) => read(join(notesDir, f)));
  const kubeDir = join(upstream, 'kubernetes');
  const urgentNotes = readdirSync(kubeDir).flatMap((f) => {
    const m = /^CHANGELOG-(\d+\.\d+)/.exec(f);
    return m ? [{ ...read(join(kubeDir, f)), minor: m[1] }] : [];
  });
  const kubeYaml = parseYaml(readFileSync(join(curated, 'kubernetes.yaml'), 'utf8')) as { noUrgentNotesSection: { minor: string }[] };
  const rookYaml = parseYaml(readFileSync(join(curated, 'rook.yaml'), 'utf8')) as RookYaml;
  const cephYaml = parseYaml(readFileSync(join(curated, 'ceph.yaml'), 'utf8')) as { releases: CephRelease[] };
  const historyDir = join(upstream, 'rook', 'history');
  const rookPendingNotes = readdirSync(historyDir).sort().map((d) => read(join(historyDir, d, 'PendingReleaseNotes.md')));
  // Shipped risks: the same format and checks as a team's risk files; any problem stops the build.
  const risksDir = join(root, 'data', 'risks');
  const risks: Risk[] = readdirSync(risksDir).filter((f) => /\.ya?ml$/.test(f)).sort().flatMap((f) => {
    const parsed = parseRiskFile(readFileSync(join(risksDir, f), 'utf8'), `data/risks/${f}`);
    if (parsed.problems.length > 0) throw new Error(`data/risks/${f}: ${parsed.problems.map((p) => p.message).join('; ')}`);
    return parsed.risks;
  });
  const data = assembleCatalog({
    k3sNotes,
    urgentNotes,
    noUrgentNotes: kubeYaml.noUrgentNotesSection.map((n) => n.minor),
    rookTags: read(join(upstream, 'rook', 'TAGS.txt')),
    rookExtraTags: (rookYaml.extraTags ?? []).map((t) => t.tag),
    rookPendingNotes,
    rookUpgradeGuide: read(join(upstream, 'rook', 'Upgrade', 'rook-upgrade.md')),
    ceph: cephYaml.releases,
    risks,
  });
  const text = serialize(data);
  if (process.argv.includes('--check')) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error('data/catalog.json is out of date: run npx tsx scripts/build-catalog.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(out, text);
  }
  const perMinor = new Map<string, number>();
  for (const r of data.k3s) {
    const m = /^v(\d+\.\d+)/.exec(r.version)?.[1] ?? '?';
    perMinor.set(m, (perMinor.get(m) ?? 0) + 1);
  }
  console.log(`catalog: ${Buffer.byteLength(text)} bytes, asOf ${data.asOf}`);
  console.log(`K3s releases: ${data.k3s.length} (${[...perMinor].map(([m, n]) => `${m}: ${n}`).join(', ')})`);
  console.log(`Rook releases: ${data.rook.length}, Ceph releases: ${data.ceph.length}, urgent notes: ${data.kubernetesUrgentNotes.length}, risks: ${data.risks.length}`);
  console.log(`unparsed: ${data.unparsed.length}`);
  for (const u of data.unparsed) console.log(`  ${u.source ?? ''}:${u.line} ${u.reason}`);
}

/** One release per line: small diffs when a release is added, still plain JSON. */
function serialize(data: CatalogData): string {
  const parts = Object.entries(data).map(([key, value]) => {
    if (Array.isArray(value) && value.length > 0) {
      return `${JSON.stringify(key)}:[\n${value.map((v) => JSON.stringify(v)).join(',\n')}\n]`;
    }
    return `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}

main();
