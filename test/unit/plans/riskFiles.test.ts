import * as assert from 'node:assert/strict';
import { PlanRules, validatePlan } from '../../../src/core/plans';
import type { RiskEdge } from '../../../src/core/paths';
import { parseRiskFile, toRiskEdges, evaluateRisks } from '../../../src/core/risks';
import { EXAMPLE, RELEASES, applyEdits, slice } from './helpers';

// A team's risk file, as WorkspaceRisks reads it from .upgradeplanner/risks/: in the editor no cluster
// objects are collected, so the rule is "not evaluated" and the edge counts as risky.
const RISK_FILE = `apiVersion: upgradeplanner.dev/v1alpha1
kind: UpgradeRisk
name: TeamIngressRewrite
component: kubernetes
from: '^v1\\.30\\.'
to: v1.31.10+k3s1
message: Our ingress controller breaks on 1.31.10; wait for the chart fix.
url: https://example.com/runbooks/ingress-131
matchingRules:
  - type: resource
    kind: Ingress
    path: metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]
    predicate: { op: exists }
`;

async function edgesOf(text: string): Promise<RiskEdge[]> {
  const parsed = parseRiskFile(text, 'risks.yaml');
  assert.deepEqual(parsed.problems, []);
  return toRiskEdges(await evaluateRisks(parsed.risks, { objects: () => undefined }));
}

describe('plans: workspace risk files', () => {
  it('a hop matching a risk file is an error on the hop, with an accept-risk fix that clears it', async () => {
    const releases = RELEASES;
    const engine = new PlanRules(releases, await edgesOf(RISK_FILE));
    assert.ok(EXAMPLE.includes('version: v1.31.10+k3s1'), 'the example plan has the risky hop');
    const diags = validatePlan(EXAMPLE, { engine }).diagnostics;
    const d = diags.find((x) => x.code === 'risky-edge' && x.message.includes('TeamIngressRewrite'));
    assert.ok(d, JSON.stringify(diags.map((x) => `${x.code}: ${x.message}`)));
    assert.equal(slice(EXAMPLE, d.range), 'v1.31.10+k3s1');
    const fix = d.fixes?.find((f) => /accept/i.test(f.title));
    assert.ok(fix, JSON.stringify(d.fixes));
    const fixed = applyEdits(EXAMPLE, fix.edits);
    assert.match(fixed, /- id: TeamIngressRewrite/);
    assert.ok(!validatePlan(fixed, { engine }).diagnostics.some((x) => x.code === 'risky-edge' && x.message.includes('TeamIngressRewrite')));
  });

  it('without the risk file the same plan has no such finding', () => {
    const releases = RELEASES;
    const diags = validatePlan(EXAMPLE, { engine: new PlanRules(releases) }).diagnostics;
    assert.ok(!diags.some((x) => x.message.includes('TeamIngressRewrite')));
  });
});
