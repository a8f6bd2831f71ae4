/**
 * Builds data/apis/api-lifecycle.json (committed; no Go at run time) from the source the API server itself uses:
 * the `zz_generated.prerelease-lifecycle.go` files of the k8s.io/api, k8s.io/apiextensions-apiserver and
 * k8s.io/kube-aggregator Go modules (APILifecycleIntroduced/Deprecated/Removed/Replacement per kind), merged with
 * the reviewed migration facts in data/apis/migrations.yaml.
 *
 * k8s.io/api drops a group/version some releases after it is no longer served, so older module versions are read
 * too: for each group/version/kind the lifecycle comes from the NEWEST pinned module version that still has it, and
 * the entry records which. The pinned versions below include the last one before each drop, so the result is the
 * same as reading every release. Run: `npx tsx scripts/gen-api-lifecycle.ts` (`--check` fails when the committed
 * file is out of date instead of writing it). Needs Go only to find or download the pinned modules.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ApiLifecycleData, ApiLifecycleEntry, GroupVersionKind, Migration } from '../src/core/apis/types';

const root = join(__dirname, '..');
const out = join(root, 'data', 'apis', 'api-lifecycle.json');
const migrationsFile = join(root, 'data', 'apis', 'migrations.yaml');

/** Pinned module versions, newest first. Older k8s.io/api versions only for group/versions dropped since. */
const MODULES: readonly { module: string; versions: readonly string[]; apisDir: string }[] = [
  {
    module: 'k8s.io/api',
    // One patch of every minor from v0.20 (the first with lifecycle files) on; v0.17 and older have none.
    versions: ['v0.37.2', 'v0.36.1', 'v0.35.10', 'v0.34.13', 'v0.33.13', 'v0.32.13', 'v0.31.14', 'v0.30.14', 'v0.29.15',
      'v0.28.3', 'v0.27.4', 'v0.26.9', 'v0.25.9', 'v0.24.3', 'v0.23.16', 'v0.22.5', 'v0.21.1', 'v0.20.6'],
    apisDir: '',
  },
  { module: 'k8s.io/apiextensions-apiserver', versions: ['v0.37.2'], apisDir: 'pkg/apis' },
  { module: 'k8s.io/kube-aggregator', versions: ['v0.37.2'], apisDir: 'pkg/apis' },
];

interface RawKind {
  introduced?: string;
  deprecated?: string;
  removed?: string;
  replacement?: GroupVersionKind;
}

function moduleDir(module: string, version: string): string {
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const dir = join(cache, module, `@${version}`).replace(`${module}/@`, `${module}@`);
  if (existsSync(dir)) return dir;
  const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], { encoding: 'utf8' })) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${module}@${version}: ${info.Error ?? 'no directory'}`);
  return info.Dir;
}

function lifecycleFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'zz_generated.prerelease-lifecycle.go') found.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found.sort();
}

const FUNC = /func \(in \*(\w+)\) APILifecycle(Introduced|Deprecated|Removed|Replacement)\(\)[^{]*\{\s*return ([^\n]+)/g;
const VERSION_PAIR = /^(\d+), (\d+)$/;
const GVK = /^schema\.GroupVersionKind\{Group: "([^"]*)", Version: "([^"]*)", Kind: "([^"]*)"\}$/;

/** The kinds of one lifecycle file; a line that does not have the expected shape stops the build. */
function parseLifecycleFile(text: string, file: string): Map<string, RawKind> {
  const kinds = new Map<string, RawKind>();
  for (const m of text.matchAll(FUNC)) {
    const [, kind, what, value] = m;
    const raw = kinds.get(kind) ?? {};
    kinds.set(kind, raw);
    if (what === 'Replacement') {
      const g = GVK.exec(value.trim());
      if (!g) throw new Error(`${file}: cannot read the replacement of ${kind}: ${value}`);
      raw.replacement = { group: g[1], version: g[2], kind: g[3] };
    } else {
      const v = VERSION_PAIR.exec(value.trim());
      if (!v) throw new Error(`${file}: cannot read ${what} of ${kind}: ${value}`);
      raw[what === 'Introduced' ? 'introduced' : what === 'Deprecated' ? 'deprecated' : 'removed'] = `${v[1]}.${v[2]}`;
    }
  }
  return kinds;
}

function groupName(versionDir: string, file: string): string {
  const register = join(versionDir, 'register.go');
  const m = existsSync(register) ? /const GroupName = "([^"]*)"/.exec(readFileSync(register, 'utf8')) : null;
  if (!m) throw new Error(`${file}: no GroupName in ${register}`);
  return m[1];
}

interface MigrationsYaml {
  migrations: {
    from: string;
    kinds: string[];
    replacement?: GroupVersionKind;
    change: Migration['change'];
    notes?: string[];
    source: string[];
  }[];
}

function main(): void {
  const entries = new Map<string, ApiLifecycleEntry>();
  const disagreements: string[] = [];
  const fixups = new Set<string>();
  const pinned: string[] = [];
  for (const { module, versions, apisDir } of MODULES) {
    for (const version of versions) {
      pinned.push(`${module}@${version}`);
      const dir = moduleDir(module, version);
      for (const file of lifecycleFiles(join(dir, apisDir))) {
        const versionDir = dirname(file);
        const apiVersion = versionDir.split('/').pop() ?? '';
        const group = groupName(versionDir, file);
        for (const [kind, raw] of parseLifecycleFile(readFileSync(file, 'utf8'), file)) {
          if (kind.endsWith('List')) continue; // lists are not stored objects; the scanner reads their items
          const key = `${group}/${apiVersion}/${kind}`;
          const source = `${module}@${version}/${relative(dir, file)}`;
          const entry: ApiLifecycleEntry = {
            group, version: apiVersion, kind,
            introduced: raw.introduced ?? null, deprecated: raw.deprecated ?? null, removed: raw.removed ?? null,
            replacement: raw.replacement ?? null, source,
          };
          if (entry.replacement && entry.replacement.kind === `${kind}List`) {
            // Upstream typo (networking.k8s.io/v1beta1 IngressClass names IngressClassList): a kind is replaced by the kind.
            fixups.add(`${key}: the source names ${entry.replacement.kind} as the replacement; read as ${kind}`);
            entry.replacement = { ...entry.replacement, kind };
          }
          const newer = entries.get(key);
          if (!newer) {
            entries.set(key, entry);
          } else if (newer.deprecated !== entry.deprecated || newer.removed !== entry.removed || JSON.stringify(newer.replacement) !== JSON.stringify(entry.replacement)) {
            disagreements.push(`${key}: ${describe(newer)} (${newer.source}); ${describe(entry)} in ${module}@${version}`);
          }
        }
      }
    }
  }
  applyMigrations(entries);
  const sorted = [...entries.values()].sort((a, b) => `${a.group}/${a.version}/${a.kind}`.localeCompare(`${b.group}/${b.version}/${b.kind}`));
  const data: ApiLifecycleData = { generatedBy: 'scripts/gen-api-lifecycle.ts', modules: pinned, entries: sorted };
  const text = `{\n"generatedBy":${JSON.stringify(data.generatedBy)},\n"modules":${JSON.stringify(data.modules)},\n"entries":[\n${sorted.map((e) => JSON.stringify(e)).join(',\n')}\n]\n}\n`;
  if (process.argv.includes('--check')) {
    if (!existsSync(out) || readFileSync(out, 'utf8') !== text) {
      console.error('data/apis/api-lifecycle.json is out of date: run npm run apis:build');
      process.exit(1);
    }
  } else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
  const perGv = new Map<string, number>();
  for (const e of sorted) if (e.deprecated || e.removed) perGv.set(`${e.group || 'core'}/${e.version}`, (perGv.get(`${e.group || 'core'}/${e.version}`) ?? 0) + 1);
  console.log(`api lifecycle: ${sorted.length} kinds, ${sorted.filter((e) => e.deprecated || e.removed).length} deprecated or removed, ${sorted.filter((e) => e.migration).length} with a reviewed migration`);
  console.log([...perGv].map(([gv, n]) => `  ${gv}: ${n}`).join('\n'));
  for (const f of fixups) console.log(`  fixed: ${f}`);
  if (process.argv.includes('--verbose')) for (const d of disagreements) console.log(`  older module differs: ${d}`);
  else if (disagreements.length > 0) console.log(`${disagreements.length} entries differ in older module versions (--verbose lists them)`);
}

function describe(e: ApiLifecycleEntry): string {
  const r = e.replacement ? `${e.replacement.group}/${e.replacement.version} ${e.replacement.kind}` : 'none';
  return `deprecated ${e.deprecated ?? '-'}, removed ${e.removed ?? '-'}, replacement ${r}`;
}

/** Puts each reviewed migration on its entries; a migration for an unknown kind or without a replacement stops the build. */
function applyMigrations(entries: Map<string, ApiLifecycleEntry>): void {
  const yaml = parseYaml(readFileSync(migrationsFile, 'utf8')) as MigrationsYaml;
  for (const m of yaml.migrations) {
    if (!['mechanical', 'fields', 'none'].includes(m.change)) throw new Error(`migrations.yaml: ${m.from}: change must be mechanical, fields or none`);
    if (m.change !== 'mechanical' && !(m.notes && m.notes.length > 0)) throw new Error(`migrations.yaml: ${m.from}: a non-mechanical migration needs notes`);
    if (!m.source || m.source.length === 0) throw new Error(`migrations.yaml: ${m.from}: source is required`);
    const slash = m.from.lastIndexOf('/');
    const [group, version] = slash < 0 ? ['', m.from] : [m.from.slice(0, slash), m.from.slice(slash + 1)];
    for (const kind of m.kinds) {
      const entry = entries.get(`${group}/${version}/${kind}`);
      if (!entry) throw new Error(`migrations.yaml: ${m.from} ${kind} is not in the generated lifecycle data`);
      if (entry.migration) throw new Error(`migrations.yaml: ${m.from} ${kind} is listed twice`);
      if (m.replacement) {
        if (entry.replacement) throw new Error(`migrations.yaml: ${m.from} ${kind}: the Go source already names the replacement; remove it from the YAML`);
        entry.replacement = { group: m.replacement.group, version: m.replacement.version, kind: m.replacement.kind };
        entry.replacementSource = 'data/apis/migrations.yaml';
      }
      if ((m.change === 'none') !== (entry.replacement === null)) {
        throw new Error(`migrations.yaml: ${m.from} ${kind}: the Go source says replacement ${entry.replacement ? `${entry.replacement.group}/${entry.replacement.version}` : 'none'}, the YAML says ${m.change}`);
      }
      entry.migration = { change: m.change, notes: m.notes ?? [], source: m.source };
    }
  }
}

main();
