import * as assert from 'node:assert/strict';
import { compareMinor, kubeMinorOf } from '../../../src/core/versions';

describe('versions/kubeMinorOf (one reading of "which minor" for every caller)', () => {
  it('reads minor lines and full versions, nothing else', () => {
    assert.deepEqual(kubeMinorOf('v1.33'), { major: 1, minor: 33 });
    assert.deepEqual(kubeMinorOf('1.33.x'), { major: 1, minor: 33 });
    assert.deepEqual(kubeMinorOf('v1.33.7+k3s3'), { major: 1, minor: 33 });
    assert.equal(kubeMinorOf('latest'), undefined);
    assert.equal(kubeMinorOf(''), undefined);
  });

  it('orders minors across a major', () => {
    assert.ok(compareMinor({ major: 1, minor: 9 }, { major: 1, minor: 10 }) < 0);
    assert.ok(compareMinor({ major: 2, minor: 0 }, { major: 1, minor: 99 }) > 0);
    assert.equal(compareMinor({ major: 1, minor: 31 }, { major: 1, minor: 31 }), 0);
  });
});
