import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noReleaseDecorations, releaseDecorationsOf } from '../../../src/core/cluster';
import { ReleaseCatalog, validateCatalogData } from '../../../src/core/releases';
import { versionLine, versionSourceSentence } from '../../../src/explorer/text/versionLine';
import { apiNode, demoSnapshot } from '../cluster/demoSnapshot';

const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'catalog.json'), 'utf8')) as unknown);
assert.ok(data.ok);
const decorations = releaseDecorationsOf(ReleaseCatalog.fromData(data.value));

describe('explorer/text versionLine (the API server version row)', () => {
  it('the demo: the next minor shows what blocks it on the row, the reason in the tooltip', () => {
    const line = versionLine(demoSnapshot(), decorations);
    assert.match(line.description, /^newer: patch v1\.30\.\d+\+k3s\d · minor v1\.31\.\d+\+k3s\d \(blocked by Rook v1\.14\)/);
    assert.match(line.tooltip, /What blocks v1\\\.31:/);
    assert.match(line.tooltip, /Rook v1\\\.14 supports Kubernetes v1\\\.25–v1\\\.30/);
    assert.equal(line.warn, true);
  });

  it('nothing blocking: no blocked words, and the tooltip says what was checked', () => {
    const line = versionLine(demoSnapshot({ rook: 'v1.15.9' }), decorations);
    assert.doesNotMatch(line.description, /blocked/);
    assert.match(line.tooltip, /Nothing the explorer reads blocks v1\\\.31/);
  });

  it('before the catalog loads the blocker still shows', () => {
    const line = versionLine(demoSnapshot(), noReleaseDecorations);
    assert.equal(line.description, 'API server · next minor v1.31 blocked by Rook v1.14');
    assert.equal(line.icon, 'warning');
  });

  it('the simulated demo explains why /version differs from the nodes', () => {
    const s = demoSnapshot({ reported: 'v1.36.1', kwok: true });
    const sentence = versionSourceSentence(s);
    assert.match(sentence, /The API server reports v1\\\.36\\\.1 while the K3s server nodes report v1\\\.30\\\.4\\\+k3s1/);
    assert.match(sentence, /simulated/);
    assert.doesNotMatch(sentence, /answered v1/);
  });

  it('a real cluster gets the neutral sentence, never "simulated"', () => {
    const sentence = versionSourceSentence(demoSnapshot({ reported: 'v1.36.1' }));
    assert.match(sentence, /K3s builds the API server into each server node/);
    assert.doesNotMatch(sentence, /simulated/);
    assert.equal(versionSourceSentence(demoSnapshot()), '');
  });

  it('node and version strings from the cluster are escaped in the tooltip', () => {
    const nodes = [apiNode('s1', 'v1.30.4+k3s1', true)];
    const s = { ...demoSnapshot({ nodes }), distribution: { name: 'K3s' as const, evidence: 'label [x](command:evil)' } };
    assert.doesNotMatch(versionLine(s, decorations).tooltip, /\[x\]\(command/);
  });
});
