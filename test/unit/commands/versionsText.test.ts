import * as assert from 'node:assert/strict';
import { versionsText } from '../../../src/commands/versionsText';
import { demoSnapshot } from '../cluster/demoSnapshot';

describe('commands/versionsText (Copy Versions)', () => {
  it('Ceph reads as everywhere else: v18.2.4 (Reef), not the status\'s 18.2.4-0', () => {
    const text = versionsText(demoSnapshot());
    assert.match(text, /^ceph \(rook-ceph\/rook-ceph\): v18\.2\.4 \(Reef\)$/m);
    assert.doesNotMatch(text, /18\.2\.4-0/);
  });
});
