import * as assert from 'node:assert/strict';
import { judge, planKubeVersionsOf } from '../../../src/removedApis/judgement';

const plan = (name: string, current: string, target: string) => ({ name, current, target });

describe('removedApis: judgement', () => {
  it('uses the highest target and the lowest current among the plans, naming the plan', () => {
    const { judgement } = judge({ plans: [plan('a', 'v1.30.4+k3s1', 'v1.33.7+k3s3'), plan('b', 'v1.28.2+k3s1', 'v1.31.1+k3s1')], setting: 'v1.20', newestKnown: '1.35' });
    assert.deepEqual(judgement, { current: 'v1.28.2+k3s1', target: 'v1.33.7+k3s3', targetMinor: 'v1.33', because: 'your plan a targets v1.33 (the highest target of 2 plans)' });
  });

  it('without a plan, uses the setting; without the setting, the newest minor the catalog knows', () => {
    assert.equal(judge({ plans: [], setting: ' v1.24 ', newestKnown: '1.35' }).judgement?.because, 'the setting upgradePlanner.removedApis.targetVersion is v1.24');
    assert.equal(judge({ plans: [], setting: '1.24.3', newestKnown: '1.35' }).judgement?.target, 'v1.24');
    const fallback = judge({ plans: [], setting: '', newestKnown: '1.35' }).judgement;
    assert.equal(fallback?.target, 'v1.35');
    assert.equal(fallback?.current, 'v1.35');
    assert.match(fallback?.because ?? '', /no plan in the workspace.*v1\.35/);
  });

  it('reports a bad setting and falls back to the catalog; nothing at all gives no judgement', () => {
    const bad = judge({ plans: [], setting: 'latest', newestKnown: '1.34' });
    assert.equal(bad.judgement?.target, 'v1.34');
    assert.match(bad.problem ?? '', /"latest", which is not a Kubernetes version/);
    assert.deepEqual(judge({ plans: [], setting: '', newestKnown: undefined }), { judgement: undefined });
  });

  it('reads a plan document: k3s, else kubernetes; name from metadata, else the file', () => {
    const doc = { kind: 'UpgradePlan', metadata: { name: 'prod' }, components: { k3s: { current: 'v1.30.4+k3s1', target: 'v1.33.7+k3s3' } } };
    assert.deepEqual(planKubeVersionsOf(doc, 'x.upgradeplan.yaml'), plan('prod', 'v1.30.4+k3s1', 'v1.33.7+k3s3'));
    assert.deepEqual(planKubeVersionsOf({ kind: 'UpgradePlan', components: { kubernetes: { current: '1.29.1', target: '1.31.0' } } }, 'f.upgradeplan.yaml'), plan('f.upgradeplan.yaml', '1.29.1', '1.31.0'));
    assert.equal(planKubeVersionsOf({ kind: 'UpgradePlan', components: { rook: { current: 'v1.14.1', target: 'v1.15.0' } } }, 'f'), undefined);
    assert.equal(planKubeVersionsOf({ kind: 'UpgradePlan', components: { k3s: { current: 'soon', target: 'v1.33.0' } } }, 'f'), undefined);
    assert.equal(planKubeVersionsOf({ kind: 'Deployment' }, 'f'), undefined);
  });
});
