/**
 * Removed APIs in workspace manifests: `npx tsx bench/removed-apis.bench.ts [files=10000]`.
 * Generates N manifest files (a mix like a cluster-config repository: Deployments, Services, ConfigMaps,
 * multi-document files, JSON Lists, Helm templates; about 1 in 20 on a removed or deprecated API) and
 *  1. times the editor's per-file scan (src/removedApis/fileScan: the core scanner plus the filter and positions)
 *     in process over all of them, judging against v1.33, and a one-file incremental rescan (goal ≤ 20 ms);
 *  2. writes them to a temporary folder and times the same scan from disk (read + scan + judge, one process, the
 *     way a command-line tool pays it, Node's start excluded), then Fairwinds Pluto's
 *     `detect-files -d <folder> -o json --target-versions k8s=v1.33.0` on the same folder (a new process, as
 *     users run it): both wall times, the ratio, and the found sets (file + apiVersion + kind) compared, every
 *     disagreement printed with its explanation (an unexplained one fails the bench).
 * Pluto is built once with `go build` of the pinned PLUTO_VERSION from a throwaway module (into
 * `${XDG_CACHE_HOME:-~/.cache}/kube-upgrade-planner/bin/pluto-<version>/`, as cluster/lib/binaries.mjs keeps its
 * binaries); when the Go module proxy or the checksum database does not serve it, the Pluto side says why and is
 * skipped, the rest still runs. `PLUTO_BIN=/path/to/pluto` uses a Pluto built elsewhere instead.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findingsOf, scanFile } from '../src/removedApis/fileScan';
import { judge } from '../src/removedApis/judgement';

/** Pinned: the newest v5 release the Go module proxy lists an .info for (2025-01-02). */
const PLUTO_VERSION = 'v5.21.1';
const PLUTO_MODULE = 'github.com/fairwindsops/pluto/v5';
const PLUTO_BIN_DIR = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kube-upgrade-planner', 'bin', `pluto-${PLUTO_VERSION}`);
/** Pluto's `--target-versions` takes a full semver. */
const PLUTO_TARGET = 'k8s=v1.33.0';

const N = Number(process.argv[2] ?? 10_000);

const deployment = (i: number, apiVersion = 'apps/v1'): string => `apiVersion: ${apiVersion}
kind: Deployment
metadata:
  name: app-${i}
  labels: { app: app-${i}, tier: web }
spec:
  replicas: 2
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i} }
    spec:
      containers:
        - name: app
          image: registry.example.com/app-${i}:1.${i % 50}.0
          ports: [{ containerPort: 8080 }]
          env:
            - { name: MODE, value: production }
          resources: { requests: { cpu: 100m, memory: 128Mi } }
`;
const service = (i: number): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\nspec:\n  selector: { app: app-${i} }\n  ports: [{ port: 80, targetPort: 8080 }]\n`;
const configMap = (i: number): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-${i}\ndata:\n  settings.yaml: |\n    level: info\n    retries: ${i % 7}\n`;
const ingress = (i: number): string => `apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web-${i}\nspec:\n  backend: { serviceName: app-${i}, servicePort: 80 }\n`;
const cronJob = (i: number): string => `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: job-${i}\nspec:\n  schedule: "0 ${i % 24} * * *"\n  jobTemplate: { spec: { template: { spec: { restartPolicy: OnFailure, containers: [{ name: c, image: busybox }] } } } }\n`;
const helm = (i: number): string => `apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: {{ include "chart.fullname" . }}-${i}\nspec:\n  minAvailable: {{ .Values.minAvailable }}\n`;

interface File {
  readonly name: string;
  readonly text: string;
}

function generate(n: number): File[] {
  const files: File[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 20;
    if (k === 0) files.push({ name: `apps/app-${i}/ingress.yaml`, text: ingress(i) });
    else if (k === 1) files.push({ name: `apps/app-${i}/cron.yaml`, text: cronJob(i) });
    else if (k === 2) files.push({ name: `charts/c${i}/templates/pdb.yaml`, text: helm(i) });
    else if (k < 8) files.push({ name: `apps/app-${i}/all.yaml`, text: [deployment(i), service(i), configMap(i)].join('---\n') });
    else if (k < 10) files.push({ name: `apps/app-${i}/list.json`, text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}` } }, { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', metadata: { name: `h${i}` } }] }, null, 2) });
    else if (k < 12) files.push({ name: `apps/app-${i}/package.json`, text: JSON.stringify({ name: `pkg-${i}`, version: '1.0.0', scripts: { build: 'tsc' } }, null, 2) });
    else files.push({ name: `apps/app-${i}/deploy.yaml`, text: deployment(i) });
  }
  return files;
}

const judgement = judge({ plans: [{ name: 'bench', current: 'v1.30.4+k3s1', target: 'v1.33.7+k3s3' }], setting: '', newestKnown: undefined }).judgement;
if (!judgement) throw new Error('no judgement');
const plan = judgement;

const files = generate(N);
const bytes = files.reduce((s, f) => s + f.text.length, 0);
// Warm up the parser and the lifecycle table (the extension pays this once per session).
for (const f of files.slice(0, 200)) findingsOf(scanFile(f.text, f.name).refs, plan);

const t0 = performance.now();
let findings = 0;
let withFindings = 0;
for (const f of files) {
  const n = findingsOf(scanFile(f.text, f.name).refs, plan).length;
  findings += n;
  if (n > 0) withFindings++;
}
const fullMs = performance.now() - t0;

const one = files[3];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const samples: number[] = [];
for (let i = 0; i < 50; i++) {
  const s = performance.now();
  findingsOf(scanFile(one.text, one.name).refs, plan);
  samples.push(performance.now() - s);
}
const big = files.slice(0, 400).map((f) => f.text).join('---\n');
const b0 = performance.now();
const bigFindings = findingsOf(scanFile(big, 'big.yaml').refs, plan).length;
const bigMs = performance.now() - b0;

console.log(`load average              ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores: wall times inflate under load, ratios less)`);
console.log(`files                     ${files.length} (${(bytes / 1024 / 1024).toFixed(1)} MB of text)`);
console.log(`full scan, in memory      ${fullMs.toFixed(0)} ms (${((fullMs * 1000) / files.length).toFixed(0)} µs per file); ${findings} findings in ${withFindings} files, judged against ${plan.targetMinor}`);
console.log(`one-file rescan           median ${median(samples).toFixed(2)} ms, p95 ${p95(samples).toFixed(2)} ms (goal ≤ 20 ms)`);
console.log(`one ${(big.length / 1024).toFixed(0)} KB multi-doc file  ${bigMs.toFixed(1)} ms, ${bigFindings} findings`);

// --- On disk, side by side with Pluto -------------------------------------------------------------------------

const MANIFEST = /\.(ya?ml|json)$/i;
const key = (file: string, apiVersion: string, kind: string): string => `${file}\t${apiVersion}\t${kind}`;

/** Every manifest file under `root` (relative paths, `/`-separated), read and judged: what the extension does per file. */
function scanFolder(root: string): Set<string> {
  const found = new Set<string>();
  const entries = readdirRecursive(root);
  for (const rel of entries) {
    const text = readFileSync(join(root, rel), 'utf8');
    for (const f of findingsOf(scanFile(text, rel).refs, plan)) found.add(key(rel, f.finding.apiVersion, f.finding.kind));
  }
  return found;
}

function readdirRecursive(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && MANIFEST.test(d.name))
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1).split('\\').join('/'));
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Pluto at the pinned version, built once into the cache; undefined (with the reason printed) when it cannot be built. */
async function pluto(): Promise<string | undefined> {
  if (process.env.PLUTO_BIN) return process.env.PLUTO_BIN;
  const bin = join(PLUTO_BIN_DIR, 'pluto');
  if (existsSync(bin)) return bin;
  mkdirSync(PLUTO_BIN_DIR, { recursive: true });
  console.log(`pluto                     building ${PLUTO_MODULE}@${PLUTO_VERSION} into ${PLUTO_BIN_DIR} …`);
  // A throwaway module that requires the pinned Pluto, built with `go build` (`go install mod@version` first asks
  // the proxy for the module's version list, which this proxy refuses). The checksum database does not list this
  // Pluto version (its lookup answers 404), so GONOSUMDB exempts that one module, and only it: every dependency is
  // still verified against sum.golang.org. The binary is a benchmark's yardstick, never shipped or run by the extension.
  const mod = mkdtempSync(join(tmpdir(), 'pluto-build-'));
  writeFileSync(join(mod, 'go.mod'), `module plutobuild\n\ngo 1.24\n\nrequire ${PLUTO_MODULE} ${PLUTO_VERSION}\n`);
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod -buildvcs=false', CGO_ENABLED: '0', GONOSUMDB: 'github.com/fairwindsops/pluto' };
  const r = await run('go', ['-C', mod, 'build', '-o', bin, `${PLUTO_MODULE}/cmd/pluto`], env, 30 * 60_000);
  rmSync(mod, { recursive: true, force: true });
  if (r.code === 0 && existsSync(bin)) return bin;
  const why = r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 600);
  console.log(`pluto                     not built (go build exited ${r.code ?? 'by a signal'}): ${why}`);
  // Leave no empty cache folder behind (a later run would look there first).
  if (readdirSync(PLUTO_BIN_DIR).length === 0) rmSync(PLUTO_BIN_DIR, { recursive: true });
  return undefined;
}

interface PlutoItem {
  readonly name?: string;
  readonly filePath?: string;
  readonly api?: { readonly version?: string; readonly kind?: string; readonly 'deprecated-in'?: string; readonly 'removed-in'?: string; readonly component?: string };
}

/** `detect-files -o json`: `{ items: [...] }`; exit 2/3/4 mean deprecated/removed/replacement-less APIs were found, not a failure. */
function plutoSet(root: string, stdout: string): { found: Set<string>; items: Map<string, PlutoItem> } {
  const start = stdout.indexOf('{');
  const body = start >= 0 ? (JSON.parse(stdout.slice(start)) as { items?: PlutoItem[] }) : { items: [] };
  const found = new Set<string>();
  const items = new Map<string, PlutoItem>();
  for (const it of body.items ?? []) {
    let file = it.filePath ?? '';
    // Pluto joins its working directory in front of an absolute -d (`/cwd//tmp/…/apps/x.yaml`): cut at the root.
    const at = file.indexOf(root);
    if (at >= 0) file = file.slice(at + root.length + 1);
    file = file.replace(/^\.\//, '');
    const k = key(file, it.api?.version ?? '', it.api?.kind ?? '');
    found.add(k);
    items.set(k, it);
  }
  return { found, items };
}

/** Why the two disagree on one finding; undefined when no known reason applies. */
function explain(k: string, side: 'ours' | 'pluto', item: PlutoItem | undefined): string | undefined {
  const [file, apiVersion, kind] = k.split('\t');
  if (side === 'ours' && /(^|\/)templates\//.test(file)) {
    return 'Helm template: we read apiVersion/kind line by line without rendering (marked best effort); Pluto decodes the file as YAML (api.IsVersioned → yamlToStub) and drops it at the first decode error, which `{{ … }}` in a value is (Pluto reads charts through `helm template … | pluto detect -`)';
  }
  if (side === 'ours' && file.endsWith('.json') && kind !== 'List') {
    return 'an item of a `List`: we read the items of List kinds (what `kubectl get -o json` writes); Pluto\'s jsonToStub decodes only the top-level apiVersion/kind (`v1 List`, not deprecated)';
  }
  if (side === 'pluto' && item?.api) {
    return `Pluto's own table (versions.yaml) says ${apiVersion} ${kind} is deprecated in ${item.api['deprecated-in'] || '—'} and removed in ${item.api['removed-in'] || '—'}${item.api.component && item.api.component !== 'k8s' ? ` (component ${item.api.component})` : ''}; the k8s.io/api lifecycle data this extension ships does not list it as deprecated or removed by v1.33`;
  }
  return undefined;
}

async function sideBySide(): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'removed-apis-bench-'));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(root, f.name)), { recursive: true });
      writeFileSync(join(root, f.name), f.text);
    }
    const d0 = performance.now();
    const ours = scanFolder(root);
    const oursMs = performance.now() - d0;
    console.log(`full scan, from disk      ${oursMs.toFixed(0)} ms (walk + read + scan + judge, in this process); ${ours.size} findings`);
    const diskOne: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s = performance.now();
      findingsOf(scanFile(readFileSync(join(root, one.name), 'utf8'), one.name).refs, plan);
      diskOne.push(performance.now() - s);
    }
    console.log(`one-file rescan, disk     median ${median(diskOne).toFixed(2)} ms, p95 ${p95(diskOne).toFixed(2)} ms (goal ≤ 20 ms)`);

    const bin = await pluto();
    if (!bin) {
      console.log('pluto                     skipped: nothing to compare against');
      return 0;
    }
    const args = ['detect-files', '-d', root, '-o', 'json', '--target-versions', PLUTO_TARGET];
    await run(bin, args, process.env, 10 * 60_000); // warm the page cache and the binary
    const r = await run(bin, args, process.env, 10 * 60_000);
    // Pluto's exit codes 2, 3 and 4 mean deprecated, removed, and removed without a replacement in the target were found.
    if (r.code !== 0 && r.code !== 2 && r.code !== 3 && r.code !== 4) {
      console.log(`pluto                     failed (exit ${r.code}): ${r.stderr.slice(-400)}`);
      return 1;
    }
    const p = plutoSet(root, r.stdout);
    console.log(`pluto ${PLUTO_VERSION}             ${r.ms.toFixed(0)} ms (detect-files, a new process, exit ${r.code}); ${p.found.size} findings`);
    console.log(`ratio                     ours from disk ${(oursMs / r.ms).toFixed(2)} × Pluto's wall time (${oursMs < r.ms ? 'faster' : 'slower'})`);
    const onlyOurs = [...ours].filter((k) => !p.found.has(k));
    const onlyPluto = [...p.found].filter((k) => !ours.has(k));
    const both = ours.size - onlyOurs.length;
    console.log(`same set                  ${onlyOurs.length + onlyPluto.length === 0 ? 'yes' : 'no'}: ${both} found by both, ${onlyOurs.length} only by us, ${onlyPluto.length} only by Pluto`);
    let unexplained = 0;
    const groups = new Map<string, { n: number; example: string; why: string | undefined }>();
    for (const [side, list] of [['ours', onlyOurs], ['pluto', onlyPluto]] as const) {
      for (const k of list) {
        const why = explain(k, side, p.items.get(k));
        const [file, apiVersion, kind] = k.split('\t');
        const g = `${side === 'ours' ? 'only us   ' : 'only Pluto'} ${apiVersion} ${kind}`;
        const e = groups.get(g) ?? { n: 0, example: file, why };
        e.n++;
        groups.set(g, e);
        if (!why) unexplained++;
      }
    }
    for (const [g, e] of groups) console.log(`  ${g}: ${e.n} file(s), e.g. ${e.example}\n      ${e.why ?? 'UNEXPLAINED'}`);
    return unexplained ? 1 : 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void sideBySide().then((code) => {
  process.exitCode = code;
});
