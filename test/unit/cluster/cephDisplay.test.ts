import * as assert from 'node:assert/strict';
import { cephDisplay, cephReleaseTitle } from '../../../src/core/cluster';
import { ceph } from '../../../src/core/versions';

describe('core/cluster cephDisplay (one way to show a Ceph version)', () => {
  it('a CephCluster status, an image tag and an image reference all read v18.2.4 (Reef)', () => {
    assert.equal(cephDisplay('18.2.4-0'), 'v18.2.4 (Reef)');
    assert.equal(cephDisplay('v18.2.4'), 'v18.2.4 (Reef)');
    assert.equal(cephDisplay('quay.io/ceph/ceph:v18.2.4'), 'v18.2.4 (Reef)');
    assert.equal(cephDisplay(ceph('v19.2.1-20250101')), 'v19.2.1 (Squid)');
  });
  it('an unnamed major has no name; unreadable is shown as read; none is ?', () => {
    assert.equal(cephDisplay('v42.1.0'), 'v42.1.0');
    assert.equal(cephDisplay('latest'), 'latest');
    assert.equal(cephDisplay(undefined), '?');
  });
  it('release titles', () => {
    assert.equal(cephReleaseTitle('tentacle'), 'Tentacle');
  });
});
