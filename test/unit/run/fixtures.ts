// Inputs for the run's unit tests: the example plan parsed as the editor parses it, the k3s-demo
// snapshot (test/unit/cluster/demoSnapshot.ts), and the system-upgrade-controller CRD's schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import type { ClusterSnapshot } from '../../../src/core/cluster';
import type { UpgradePlan } from '../../../src/core/plans';
import { planForPreflight } from '../../../src/core/preflight';
import { apiNode, demoSnapshot } from '../cluster/demoSnapshot';
import { validate } from '../plans/helpers';

export { apiNode, demoSnapshot };

const ROOT = join(__dirname, '../../..');

/** A plan file parsed and checked as the editor does, then handed to the run as preflight hands it. */
export function planFile(relative: string): UpgradePlan {
  const text = readFileSync(join(ROOT, relative), 'utf8');
  const plan = planForPreflight(validate(text));
  if (!plan) throw new Error(`${relative} does not parse as a plan`);
  return plan;
}

export const EXAMPLE_PLAN = 'examples/plans/prod-k3s.upgradeplan.yaml';
export const WORKSPACE_PLAN = 'test/workspace/plans/valid.upgradeplan.yaml';

/** The example plan with some top-level sections replaced. */
export function examplePlan(change: Partial<UpgradePlan> = {}): UpgradePlan {
  return { ...planFile(EXAMPLE_PLAN), ...change };
}

/** The k3s-demo cluster: 3 servers, agents 1–4 on v1.30.4+k3s1, agent 5 on v1.29.8+k3s1 and cordoned. */
export function demo(): ClusterSnapshot {
  const nodes = [
    ...[1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, 'v1.30.4+k3s1', true)),
    ...[1, 2, 3, 4].map((i) => apiNode(`k3s-agent-${i}`, 'v1.30.4+k3s1', false)),
    { ...apiNode('k3s-agent-5', 'v1.29.8+k3s1', false), spec: { unschedulable: true } },
  ];
  return demoSnapshot({ nodes });
}

/**
 * The Plan schema of the CRD, made as strict as the API server is in effect: an object's fields not in
 * its schema would be pruned (dropped without a word), so here they are an error.
 */
export const validPlanManifest: ValidateFunction = (() => {
  const crd = parse(readFileSync(join(ROOT, 'test/fixtures/crds/upgrade.cattle.io_plans.yaml'), 'utf8')) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: object } }[] };
  };
  const schema = closeObjects(crd.spec.versions.find((v) => v.name === 'v1')!.schema.openAPIV3Schema) as object;
  return new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(schema);
})();

function closeObjects(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(closeObjects);
  if (typeof s !== 'object' || s === null) return s;
  const o = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([pk, pv]) => [pk, closeObjects(pv)])) : closeObjects(v)]));
  if ('properties' in o && !('additionalProperties' in o)) o.additionalProperties = false;
  return o;
}
