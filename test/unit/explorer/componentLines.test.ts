import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noReleaseDecorations, releaseDecorationsOf } from '../../../src/core/cluster';
import { ReleaseCatalog, validateCatalogData } from '../../../src/core/releases';
import { cephNotes, rookNotes } from '../../../src/explorer/text/componentLines';
import { demoSnapshot } from '../cluster/demoSnapshot';

const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'catalog.json'), 'utf8')) as unknown);
assert.ok(data.ok);
const decorations = releaseDecorationsOf(ReleaseCatalog.fromData(data.value));

function parts(s: ReturnType<typeof demoSnapshot>) {
  const rook = s.components.rookOperator;
  const ceph = s.components.cephClusters;
  assert.ok(rook.state === 'ok' && ceph.state === 'ok');
  return { rook: rook.value, ceph: ceph.value[0] };
}

describe('explorer/text component rows (Rook, Ceph)', () => {
  it('Rook v1.14.9: blocks Kubernetes v1.31 and gets "newer" decorations like K3s', () => {
    const s = demoSnapshot();
    const n = rookNotes(parts(s).rook, s, decorations);
    assert.equal(n.warn, true);
    assert.equal(n.description[0], 'blocks Kubernetes v1.31');
    assert.match(n.description[1] ?? '', /^newer: patch v1\.14\.\d+ · minor v1\.15\.\d+$/);
    assert.ok(n.tooltip.some((t) => /Rook v1\\\.14 supports Kubernetes v1\\\.25–v1\\\.30/.test(t)));
  });

  it('Rook outside its window now says so', () => {
    const s = demoSnapshot({ rook: 'v1.12.3' });
    const n = rookNotes(parts(s).rook, s, noReleaseDecorations);
    assert.deepEqual(n.description, ['outside its Kubernetes window', 'blocks Kubernetes v1.31']);
  });

  it('Ceph Reef under Rook v1.14: newer releases, each with whether this Rook runs it', () => {
    const s = demoSnapshot();
    const n = cephNotes(parts(s).ceph, 'v1.14.9', decorations);
    assert.equal(n.warn, false);
    assert.deepEqual(n.description, ['newer: Squid, Tentacle']);
    assert.ok(n.tooltip.some((t) => /Squid.*needs a newer Rook/.test(t)), n.tooltip.join('\n'));
  });

  it('a Ceph release the running Rook does not run is a warning on the row', () => {
    const s = demoSnapshot({ rook: 'v1.19.2' });
    const n = cephNotes(parts(s).ceph, 'v1.19.2', noReleaseDecorations);
    assert.equal(n.warn, true);
    assert.deepEqual(n.description, ['not supported by Rook v1.19']);
  });
});
