import * as assert from 'node:assert/strict';
import { errorDetail } from '../../../src/core/cluster';
import { underBudget } from '../helpers/timing';

describe('core/cluster errorDetail (an error said once)', () => {
  it('the unreachable row names ECONNREFUSED once, in words', () => {
    const d = errorDetail({ message: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:39917' });
    assert.equal(d, 'connection refused by 127.0.0.1:39917 (ECONNREFUSED)');
    assert.equal(d.split('ECONNREFUSED').length - 1, 1);
  });
  it('host lookup failures', () => {
    assert.equal(errorDetail({ message: 'ENOTFOUND: getaddrinfo ENOTFOUND k8s.example' }), 'host name not found: k8s.example (ENOTFOUND)');
  });
  it('a code prefix that the message does not repeat stays; other messages pass through', () => {
    assert.equal(errorDetail({ message: 'EPROTO: TLS handshake failed' }), 'EPROTO: TLS handshake failed');
    assert.equal(errorDetail({ message: 'no answer within 15 s' }), 'no answer within 15 s');
  });
  it('an overlong message is cut, in linear time', () => {
    const long = `ECONNRESET: ${'x'.repeat(200_000)}`;
    const { value, ms } = underBudget(200, () => errorDetail({ message: long }));
    assert.ok(value.length <= 300);
    assert.ok(ms < 200, `took ${ms.toFixed(0)} ms`);
  });
});
