/**
 * Removed APIs in workspace manifests: `npx tsx bench/removed-apis.bench.ts [files=10000]`.
 * Generates N manifest file texts in memory (a mix like a cluster-config repository: Deployments, Services,
 * ConfigMaps, multi-document files, JSON Lists, Helm templates; about 1 in 20 on a removed or deprecated API),
 * then times the editor's per-file scan (src/removedApis/fileScan: the core scanner plus the filter and
 * positions) over all of them, judging against v1.33, and a one-file incremental rescan (the goal:
 * ≤ 20 ms). In process, no file I/O: the figures are the scanner's cost. Pluto's detect-files side by side on
 * the same folder is for a later session.
 */
import { performance } from 'node:perf_hooks';
import { findingsOf, scanFile } from '../src/removedApis/fileScan';
import { judge } from '../src/removedApis/judgement';

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

const files = generate(N);
const bytes = files.reduce((s, f) => s + f.text.length, 0);
// Warm up the parser and the lifecycle table (the extension pays this once per session).
for (const f of files.slice(0, 200)) findingsOf(scanFile(f.text, f.name).refs, judgement);

const t0 = performance.now();
let findings = 0;
let withFindings = 0;
for (const f of files) {
  const n = findingsOf(scanFile(f.text, f.name).refs, judgement).length;
  findings += n;
  if (n > 0) withFindings++;
}
const fullMs = performance.now() - t0;

const one = files[3];
const samples: number[] = [];
for (let i = 0; i < 50; i++) {
  const s = performance.now();
  findingsOf(scanFile(one.text, one.name).refs, judgement);
  samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
const big = files.slice(0, 400).map((f) => f.text).join('---\n');
const b0 = performance.now();
const bigFindings = findingsOf(scanFile(big, 'big.yaml').refs, judgement).length;
const bigMs = performance.now() - b0;

console.log(`files                     ${files.length} (${(bytes / 1024 / 1024).toFixed(1)} MB of text)`);
console.log(`full scan                 ${fullMs.toFixed(0)} ms (${((fullMs * 1000) / files.length).toFixed(0)} µs per file); ${findings} findings in ${withFindings} files, judged against ${judgement.targetMinor}`);
console.log(`one-file rescan           median ${samples[25].toFixed(2)} ms, p95 ${samples[47].toFixed(2)} ms (goal ≤ 20 ms)`);
console.log(`one ${(big.length / 1024).toFixed(0)} KB multi-doc file  ${bigMs.toFixed(1)} ms, ${bigFindings} findings`);
