import * as assert from 'node:assert/strict';
import { bundledLifecycle, lifecycleOf, scanManifests } from '../../../src/core/apis';
import { parseAllDocuments } from 'yaml';
import { mayNameDeprecatedApi } from '../../../src/core/apis/deprecatedPrecheck';
import { documentSegments } from '../../../src/core/apis/documentSegments';
import { type FileScan, scanFile } from '../../../src/removedApis/fileScan';
import { retryTimeout, underBudget } from '../helpers/timing';

/** The full path, as scanFile was before its shortcuts: parse every file, keep the deprecated or removed refs, locate them. */
function fullScan(text: string, fileName: string): FileScan {
  if (!(text.includes('apiVersion') && text.includes('kind'))) return { refs: [], problems: [] };
  const scan = scanManifests(text, fileName);
  const kept = scan.refs.filter((r) => {
    const e = lifecycleOf(r.apiVersion, r.kind);
    return !!e && (e.deprecated !== null || e.removed !== null);
  });
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const at = (offset: number): { line: number; character: number } => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return { line, character: offset - starts[line] };
  };
  return { refs: kept.map((r) => ({ ...r, from: at(r.start), to: at(r.end) })), problems: scan.problems };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be reproduced by its index. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VERSIONS = ['batch/v1beta1', 'extensions/v1beta1', 'apps/v1', 'v1', 'policy/v1beta1', 'autoscaling/v2beta2', 'networking.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta3', 'example.com/v1beta1'];
/** Pairs the data marks deprecated or removed, picked half the time so that many files hold a ref. */
const FLAGGED: readonly [string, string][] = [['batch/v1beta1', 'CronJob'], ['extensions/v1beta1', 'Ingress'], ['policy/v1beta1', 'PodDisruptionBudget'], ['autoscaling/v2beta2', 'HorizontalPodAutoscaler'], ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema']];
const KINDS = ['CronJob', 'Ingress', 'Deployment', 'ConfigMap', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'FlowSchema', 'Widget', 'List'];

/** One apiVersion value as YAML can spell it: plain, quoted, escaped, folded, block, tagged. */
const SPELLINGS: ((v: string) => string)[] = [
  (v) => v,
  (v) => `'${v}'`,
  (v) => `"${v}"`,
  (v) => `"${v.replace('/', '\\/')}"`,
  (v) => `"${v.replace('beta', '\\x62eta').replace('v1', 'v\\u0031')}"`,
  (v) => `"${v.slice(0, 3)}\\\n    ${v.slice(3)}"`,
  (v) => (v.includes('/') ? `${v.replace('/', '/\n  ')}` : v),
  (v) => (v.includes('/') ? `${v.replace('/', ' / ')}` : v),
  (v) => `|\n  ${v}`,
  (v) => `>-\n  ${v}`,
  (v) => `!!str ${v}`,
  (v) => `  ${v}   # trailing comment`,
];

function yamlDoc(r: () => number, pick: <T>(xs: readonly T[]) => T): string {
  const [v, k] = r() < 0.5 ? pick(FLAGGED) : [pick(VERSIONS), pick(KINDS)];
  const s = pick(SPELLINGS)(v);
  const shape = Math.floor(r() * 17);
  if (shape === 13) return `|\n${v}\n---\n${k}\n`;
  if (shape === 14) return `apiVersion: ${s}\nkind: ${k}\nnote: 'it''s open\n`;
  if (shape === 15) return `apiVersion: ${s}\nkind: ${k}\nnote: "ends with \\"\n# don't\n`;
  if (shape === 16) return `apiVersion: ${s}\nkind: ${k}\nref: *missing\nbase: &a { x: 1 }\n`;
  if (shape === 10) return `|\n  apiVersion: ${v}\n  ---\n  kind: ${k}\n`;
  if (shape === 11) return `apiVersion: ${s}\nkind: ${k}\nnote: "open\n`;
  if (shape === 12) return `apiVersion: ${s}\nkind: ${k}\nspec:\n  script: |\n    ---\n    echo ${v}\n`;
  if (shape === 9) return `apiVersion: ${s}\nkind: ${k}\nmetadata:\n  name: "unclosed\n`;
  if (shape === 0) return `{apiVersion: ${JSON.stringify(v)}, kind: ${k}, metadata: {name: a}}\n`;
  if (shape === 1) return `"apiVersion": ${s}\n'kind': ${k}\nmetadata:\n  name: b\n`;
  if (shape === 2) return `base: &v ${v}\napiVersion: *v\nkind: ${k}\n`;
  if (shape === 3) return `apiVersion: v1\nkind: List\nitems:\n- apiVersion: ${s.replace(/\n/g, '\n  ')}\n  kind: ${k}\n- {apiVersion: ${v}, kind: ${pick(KINDS)}}\n`;
  if (shape === 4) return `# apiVersion: ${v}\n# kind: ${k}\napiVersion: apps/v1\nkind: Deployment\n`;
  if (shape === 5) return `kind: ${k}\nmetadata:\n  annotations:\n    note: "uses ${v} \\"quoted\\""\napiVersion: ${s}\n`;
  if (shape === 6) return `apiVersion: ${s}\nkind: ${k}\nspec: [unclosed, ${v}\n`;
  if (shape === 7) return `apiVersion: ${s}\r\nkind: ${k}\r\nspec:\r\n  x: 1\r\n`;
  return `apiVersion: ${s}\nkind: ${k}\nmetadata:\n  name: c\nspec:\n  template: { spec: { containers: [{ name: c, image: "img:1" }] } }\n`;
}

function jsonDoc(r: () => number, pick: <T>(xs: readonly T[]) => T): string {
  const gvk = (): [string, string] => (r() < 0.5 ? pick(FLAGGED) : [pick(VERSIONS), pick(KINDS)]);
  const item = (): Record<string, unknown> => {
    const [apiVersion, kind] = gvk();
    return { apiVersion, kind, metadata: { name: 'x', note: r() < 0.3 ? 'a\\b' : 'ab' } };
  };
  const body = r() < 0.5 ? { apiVersion: 'v1', kind: 'List', items: [item(), item()] } : item();
  const text = JSON.stringify(body, null, r() < 0.5 ? 2 : undefined);
  return r() < 0.2 ? text.replace('"apiVersion"', '"api\\u0056ersion"') : text;
}

function corpus(n: number): [string, string][] {
  const r = random(13);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const kind = r();
    if (kind < 0.2) out.push([jsonDoc(r, pick), `c${i}/list.json`]);
    else if (kind < 0.3) out.push([`{{- if .Values.on }}\n${yamlDoc(r, pick)}{{- end }}\n---\napiVersion: ${pick(VERSIONS)}\nkind: ${pick(KINDS)}\n`, `c${i}/templates/t.yaml`]);
    else {
      const docs = Array.from({ length: 1 + Math.floor(r() * 4) }, () => yamlDoc(r, pick));
      const lead = pick(['', '---\n', '%YAML 1.2\n---\n', '# header\n', '\ufeff']);
      out.push([lead + docs.join(pick(['---\n', '--- \n', '---\n', '---\r\n', '--- # next\n', '\n---\n\n', '...\n---\n', '--- ', '---\t', '----\n', ' ---\n'])), `c${i}/m.yaml`]);
    }
  }
  return out;
}

describe('removedApis: the fast path agrees with the full parse', function () {
  // The corpus is parsed in full once per case; on a loaded 2-core machine that takes seconds.
  this.timeout(30_000);
  const cases = corpus(2000);
  let full: FileScan[] = [];
  before(() => {
    full = cases.map(([text, name]) => fullScan(text, name));
  });

  it('the generated corpus covers files with and without deprecated refs, and the shortcut', () => {
    const withRefs = full.filter((f) => f.refs.length > 0).length;
    const skipped = cases.filter(([t]) => !mayNameDeprecatedApi(t, bundledLifecycle())).length;
    assert.ok(withRefs > 600 && withRefs < 1800, `${withRefs} files with refs`);
    assert.ok(skipped > 50, `${skipped} files skipped by the pre-check`);
  });

  it('the pre-check never rules out a file that holds a deprecated or removed ref', () => {
    cases.forEach(([text, name], i) => {
      if (!mayNameDeprecatedApi(text, bundledLifecycle())) assert.deepEqual(full[i].refs, [], `case ${i} (${name}): ${JSON.stringify(text)}`);
    });
  });

  it('scanFile finds exactly the refs of the full parse, at the same ranges and document indices; a problem it reports is the one of the full parse', () => {
    cases.forEach(([text, name], i) => {
      const fast = scanFile(text, name);
      assert.deepEqual(fast.refs, full[i].refs, `case ${i} (${name}): ${JSON.stringify(text)}`);
      // A problem is worded as the whole parse words it; one in a document that is not parsed goes unreported.
      if (fast.problems.length > 0) assert.deepEqual(fast.problems, full[i].problems, `case ${i}`);
    });
  });

  it('documentSegments numbers the documents as the parser of the whole text does', () => {
    let split = 0;
    cases.forEach(([text], i) => {
      const segments = documentSegments(text);
      if (!segments) return;
      split++;
      const docs = parseAllDocuments(text);
      const counted = segments.filter((s) => s.document >= 0);
      const all = Array.isArray(docs) ? docs : [];
      const last = counted.at(-1);
      if (last?.several) assert.ok(all.length >= counted.length, `case ${i}: ${JSON.stringify(text)}`);
      else assert.equal(counted.length, all.length, `case ${i}: ${JSON.stringify(text)}`);
      all.forEach((doc, d) => {
        const s = counted[Math.min(d, counted.length - 1)];
        const [start, , end] = doc.range;
        assert.ok(start >= s.start && end <= s.end && (s.several || s.document === d), `case ${i}, document ${d}: [${start}, ${end}] outside [${s.start}, ${s.end}]`);
      });
    });
    assert.ok(split > 500, `${split} cases split`);
    assert.equal(documentSegments('%YAML 1.2\n---\na: 1\n'), undefined);
    assert.equal(documentSegments('a: 1\n...\nb: 2\n'), undefined);
    assert.equal(documentSegments('# c\n\ufeff\n---\na: 1\n'), undefined);
  });

  it('a multi-document file parses only the documents that name a removed version', () => {
    const doc = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template: { spec: { containers: [{ name: c, image: "i:1" }] } }\n';
    const docs = Array.from({ length: 3000 }, () => doc);
    docs[2000] = 'apiVersion: batch/v1beta1\nkind: CronJob\n';
    const text = docs.join('---\n');
    const { value: scan, ms } = underBudget(300, () => scanFile(text, 'all.yaml'));
    assert.deepEqual(scan.refs.map((r) => [r.apiVersion, r.document, r.from.line, text.slice(r.start, r.end)]), [['batch/v1beta1', 2000, 14000, 'batch/v1beta1']]);
    assert.ok(ms < 300, `took ${ms.toFixed(0)} ms (a parse of all ${text.length} chars takes 0.5 to 2 s)`);
  });

  it('escapes spell a removed version without its letters: such files are parsed', () => {
    const escaped = 'apiVersion: "batch/v1\\x62eta1"\nkind: CronJob\n';
    assert.equal(scanFile(escaped, 'a.yaml').refs[0]?.apiVersion, 'batch/v1beta1');
    const json = '{"apiVersion": "extensions\\/v1beta1", "kind": "Ingress"}';
    assert.equal(scanFile(json, 'a.json').refs[0]?.apiVersion, 'extensions/v1beta1');
    const folded = 'apiVersion: extensions/\n  v1beta1\nkind: Ingress\n';
    assert.equal(scanFile(folded, 'a.yaml').refs[0]?.apiVersion, 'extensions/ v1beta1');
  });

  it('a version with white space in the data makes every file a candidate', () => {
    const entry = { group: 'x.io', version: 'v1 beta1', kind: 'K', introduced: null, deprecated: '1.20', removed: null, replacement: null, source: 't' };
    const data = { entries: [entry], get: () => entry };
    assert.equal(mayNameDeprecatedApi('apiVersion: x.io/v1\n  beta1\nkind: K\n', data), true);
    assert.equal(mayNameDeprecatedApi('apiVersion: apps/v1\nkind: K\n', bundledLifecycle()), false);
  });

  it('a large file without deprecated versions is not parsed (a 2 MB workspace file in well under the parse time)', () => {
    const doc = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template: { spec: { containers: [{ name: c, image: "i:1" }] } }\n';
    const text = doc.repeat(Math.floor(2_000_000 / (doc.length + 4))).split('\n\n').join('\n---\n');
    const { value: scan, ms } = underBudget(600, () => scanFile(text, 'big.yaml'));
    assert.deepEqual(scan, { refs: [], problems: [] });
    assert.ok(ms < 600, `took ${ms.toFixed(0)} ms (a parse takes 3 s and more)`);
  });

  it('stays linear on hostile input, with and without a removed version in it (time budget per call)', () => {
    const cases: [string, string][] = [
      [`apiVersion: v1\nkind: List\n${'['.repeat(1_500_000)}`, 'deep.json'],
      [`apiVersion: batch/v1beta1\nkind: CronJob\n${'['.repeat(1_500_000)}`, 'deep-removed.json'],
      [`kind: x\napiVersion: ${'v1bet'.repeat(400_000)}`, 'near-miss.yaml'],
      [`kind: x\napiVersion: a\n${'\\'.repeat(1_500_000)}`, 'backslashes.yaml'],
      [`apiVersion: v1\nkind: List\nitems:\n${'- apiVersion: batch/v1beta1\n  kind: CronJob\n'.repeat(10_000)}`, 'list.yaml'],
      [`apiVersion: v1\nkind: x\n${'---\nv1beta1\n'.repeat(41_000)}`, 'many-tiny-documents.yaml'],
      [`{{ x }}\napiVersion: extensions/v1beta1\nkind: ${'k'.repeat(400_000)}\n${'---\n'.repeat(200_000)}`, 'templates/x.yaml'],
    ];
    for (const [text, name] of cases) {
      const { ms } = underBudget(4000, () => scanFile(text, name));
      assert.ok(ms < 4000, `${name} (${text.length} chars) took ${ms.toFixed(0)} ms`);
    }
  }).timeout(retryTimeout(4000, 4000)); // two of the cases take about 1 s, several on a loaded machine
});
