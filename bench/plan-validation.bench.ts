/**
 * Validation time of a 500-line plan, warm (goal ≤ 20 ms), side by side with yaml-language-server
 * validating the same text against the same schema in-process (its language service API).
 * Run: npx tsx bench/plan-validation.bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { PlanRules, validatePlan, parsePlan } from '../src/core/plans';
import { RELEASES } from '../test/unit/plans/helpers';
import { schemaDiagnostics } from '../src/core/plans/schemaValidation';

const root = join(__dirname, '..');
const schemaText = readFileSync(join(root, 'schemas/upgrade-plan.schema.json'), 'utf8');
const example = readFileSync(join(root, 'examples/plans/prod-k3s.upgradeplan.yaml'), 'utf8');

/** The example plan grown to 500 lines with checklist items and accepted risks, as a long-lived plan gets. */
function plan500(): string {
  const lines = example.split('\n');
  const at = lines.findIndex((l) => l.startsWith('acceptedRisks:'));
  const extra: string[] = [];
  for (let i = 0; lines.length + extra.length < 500; i++) {
    extra.push(`  - id: extra-check-${i}`, `    title: Extra check number ${i}`, `    state: ${i % 2 ? 'done' : 'pending'}`, `    required: ${i % 3 === 0}`, `    evidence: https://ci.example.com/runs/${1000 + i}`);
  }
  return [...lines.slice(0, at), ...extra, ...lines.slice(at)].slice(0, 500).join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => unknown, warmup = 20, runs = 60): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const text = plan500();
  const lineCount = text.split('\n').length;
  const ctx = { engine: new PlanRules(RELEASES) };
  const ours = validatePlan(text, ctx);

  const schemaUri = 'file:///bench/upgrade-plan.schema.json';
  const ls = getLanguageService({
    schemaRequestService: (uri: string) => (uri === schemaUri ? Promise.resolve(schemaText) : Promise.reject(new Error(`no ${uri}`))),
    workspaceContext: { resolveRelativePath: (rel: string, res: string) => new URL(rel, res).toString() },
  });
  ls.configure({ validate: true, completion: false, hover: false, format: false, schemas: [{ uri: schemaUri, fileMatch: ['*.upgradeplan.yaml'], priority: 1 }] });
  let version = 0;
  // A new document version each run, as an edit would produce (yaml-language-server caches per version).
  const theirsRun = (): Promise<unknown> => ls.doValidation(TextDocument.create('file:///bench/plan.upgradeplan.yaml', 'yaml', ++version, text), false);
  const theirs = (await ls.doValidation(TextDocument.create('file:///bench/plan.upgradeplan.yaml', 'yaml', 0, text), false)) as unknown[];

  const oursFull = await time(() => validatePlan(text, ctx));
  const oursSchema = await time(() => {
    const p = parsePlan(text);
    return p.doc ? schemaDiagnostics(text, p.doc, p.value) : [];
  });
  const theirsMs = await time(theirsRun);

  const fmt = (ms: number): string => `${ms.toFixed(2)} ms`;
  console.log(`plan: ${lineCount} lines, ${text.length} bytes; diagnostics: ours ${ours.diagnostics.length}, yaml-language-server ${theirs.length}`);
  console.log(`ours, syntax + schema + semantic rules (warm median): ${fmt(oursFull)}  (goal ≤ 20 ms: ${oursFull <= 20 ? 'met' : 'NOT met'})`);
  console.log(`ours, syntax + schema only (warm median):             ${fmt(oursSchema)}`);
  console.log(`yaml-language-server doValidation, same schema:       ${fmt(theirsMs)}`);
  console.log(`ratio yaml-language-server / ours (full):             ${(theirsMs / oursFull).toFixed(2)}×`);
  console.log(`ratio yaml-language-server / ours (schema only):      ${(theirsMs / oursSchema).toFixed(2)}×`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
