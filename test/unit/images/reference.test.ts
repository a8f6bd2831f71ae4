import * as assert from 'node:assert/strict';
import { MAX_IMAGE_REF_CHARS, canonicalName, parseImageRef, registryHost, withoutDigest } from '../../../src/core/images';
import { underBudget } from '../helpers/timing';

const D = `sha256:${'ab12'.repeat(16)}`;

function parsed(text: string): { host: string; repository: string; tag?: string; digest?: string } {
  const r = parseImageRef(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return Object.fromEntries(Object.entries(r.value).filter(([, v]) => v !== undefined)) as { host: string; repository: string };
}

describe('core/images reference: image references as the distribution spec reads them', () => {
  it('Docker Hub names: the API host is registry-1.docker.io, a single name lives under library/', () => {
    assert.deepEqual(parsed('rancher/k3s-upgrade:v1.31.4-k3s1'), { host: 'registry-1.docker.io', repository: 'rancher/k3s-upgrade', tag: 'v1.31.4-k3s1' });
    assert.deepEqual(parsed('busybox'), { host: 'registry-1.docker.io', repository: 'library/busybox' });
    assert.deepEqual(parsed('docker.io/rook/ceph:v1.15.5'), { host: 'registry-1.docker.io', repository: 'rook/ceph', tag: 'v1.15.5' });
    assert.deepEqual(parsed('index.docker.io/library/busybox:1.36'), { host: 'registry-1.docker.io', repository: 'library/busybox', tag: '1.36' });
    assert.equal(registryHost('docker.io'), 'registry-1.docker.io');
    assert.equal(registryHost('Quay.IO'), 'quay.io');
  });

  it('a host is a first segment with a dot, a port or localhost; tag and digest both kept', () => {
    assert.deepEqual(parsed('quay.io/ceph/ceph:v19.2.0'), { host: 'quay.io', repository: 'ceph/ceph', tag: 'v19.2.0' });
    assert.deepEqual(parsed(`registry.local:5000/rook/ceph:v1.15.5@${D}`), { host: 'registry.local:5000', repository: 'rook/ceph', tag: 'v1.15.5', digest: D });
    assert.deepEqual(parsed('localhost/k3s-upgrade'), { host: 'localhost', repository: 'k3s-upgrade' });
    assert.deepEqual(parsed(`rook/ceph@${D}`), { host: 'registry-1.docker.io', repository: 'rook/ceph', digest: D });
    // A port is not a tag: the tag is after the last slash.
    assert.deepEqual(parsed('127.0.0.1:5000/a/b'), { host: '127.0.0.1:5000', repository: 'a/b' });
  });

  it('refuses what is not a reference, saying why', () => {
    const bad: [string, RegExp][] = [
      ['', /non-empty/],
      ['Rancher/K3s-upgrade:v1', /not a registry host|lower-case/],
      ['rancher/k3s-upgrade:v1.31.4+k3s1', /is not a tag/],
      ['rancher/k3s-upgrade@sha256:abc', /sha256:<64/],
      [`rancher/k3s-upgrade@md5:${'a'.repeat(32)}`, /sha256:<64/],
      ['rancher//k3s', /path segments/],
      ['rancher/k3s--upgrade_/x', /path segments/],
      ['-bad.host/x/y', /not a registry host/],
      ['x'.repeat(MAX_IMAGE_REF_CHARS + 1), /longer than 512/],
      [`a@${D}@${D}`, /sha256/],
    ];
    for (const [text, why] of bad) {
      const r = parseImageRef(text);
      assert.ok(!r.ok, `${text} was accepted`);
      assert.match(r.error, why, text);
    }
    assert.ok(!parseImageRef(42).ok);
  });

  it('canonical names compare Docker Hub spellings equal; withoutDigest drops only the digest', () => {
    const a = parseImageRef('rancher/k3s-upgrade:v1');
    const b = parseImageRef('docker.io/rancher/k3s-upgrade:v1');
    assert.ok(a.ok && b.ok);
    assert.equal(canonicalName(a.value), 'docker.io/rancher/k3s-upgrade:v1');
    assert.equal(canonicalName(a.value), canonicalName(b.value));
    assert.equal(withoutDigest(`rook/ceph:v1.15.5@${D}`), 'rook/ceph:v1.15.5');
    assert.equal(withoutDigest('rook/ceph:v1.15.5'), 'rook/ceph:v1.15.5');
  });

  it('linear on hostile input at the size cap (no backtracking)', () => {
    const hostile = ['a-'.repeat(250) + '!', `${'a.'.repeat(120)}:1/${'b_'.repeat(120)}`, `x/${'a'.repeat(500)}:`];
    underBudget(50, () => {
      for (let i = 0; i < 200; i++) for (const h of hostile) assert.ok(!parseImageRef(h).ok);
    });
  });
});
