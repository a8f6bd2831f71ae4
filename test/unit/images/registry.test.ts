import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { parseBearerChallenge, registryBase, resolveDigest } from '../../../src/images/registry';
import { pump, startServer, within } from '../kube/localServer';

const DIGEST = `sha256:${'c0ffee00'.repeat(8)}`;
const TOKEN = 'tok-3f9a.secret_value-XYZ';
const IMAGE = 'rancher/k3s-upgrade:v1.31.4-k3s1';
const MANIFEST_PATH = '/v2/rancher/k3s-upgrade/manifests/v1.31.4-k3s1';

interface Seen {
  readonly method?: string;
  readonly url?: string;
  readonly accept?: string;
  readonly auth?: string;
}

/** A registry on loopback that wants a Bearer token from its own /token realm, as Docker Hub does (auth.docker.io). */
async function tokenRegistry(answer: (req: http.IncomingMessage, res: http.ServerResponse) => boolean = () => false) {
  const seen: Seen[] = [];
  let url = '';
  const server = await startServer((req, res) => {
    seen.push({ method: req.method, url: req.url, accept: req.headers.accept, auth: req.headers.authorization });
    if (answer(req, res)) return;
    if (req.url?.startsWith('/token?')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
    }
    if (req.url === MANIFEST_PATH && req.headers.authorization === `Bearer ${TOKEN}`) {
      res.writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': 'application/vnd.oci.image.index.v1+json', 'content-length': '1609' });
      return res.end();
    }
    res.writeHead(401, { 'www-authenticate': `Bearer realm="${url}/token",service="registry.test",scope="repository:rancher/k3s-upgrade:pull"` });
    res.end();
  });
  url = server.url;
  return { server, seen };
}

describe('images/registry: tag → digest through the OCI distribution API', () => {
  it('HEADs the manifest, follows the Bearer challenge anonymously and reads Docker-Content-Digest', async () => {
    const { server, seen } = await tokenRegistry();
    try {
      const r = await within(resolveDigest(IMAGE, { mirrors: { 'docker.io': `${server.url}/` } }), 5000, 'resolve');
      assert.deepEqual(r, { ok: true, value: DIGEST });
      assert.equal(seen.length, 3);
      assert.equal(seen[0].method, 'HEAD');
      assert.equal(seen[0].url, MANIFEST_PATH);
      assert.equal(seen[0].auth, undefined);
      for (const t of ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json']) assert.ok(seen[0].accept?.includes(t), t);
      assert.equal(seen[1].method, 'GET');
      const q = new URL(seen[1].url ?? '', server.url);
      assert.equal(q.pathname, '/token');
      assert.equal(q.searchParams.get('service'), 'registry.test');
      assert.equal(q.searchParams.get('scope'), 'repository:rancher/k3s-upgrade:pull');
      assert.equal(seen[2].method, 'HEAD');
      assert.equal(seen[2].auth, `Bearer ${TOKEN}`);
    } finally {
      await server.close();
    }
  });

  it('a bad or missing digest, a 404, a refused pull: errors naming the image and the registry, never the token', async () => {
    let mode = '';
    const { server } = await tokenRegistry((req, res) => {
      if (req.url !== MANIFEST_PATH || req.headers.authorization !== `Bearer ${TOKEN}`) return false;
      if (mode === 'bad') res.writeHead(200, { 'docker-content-digest': 'sha256:NOT-HEX' });
      else if (mode === 'none') res.writeHead(200);
      else if (mode === '404') res.writeHead(404);
      else res.writeHead(401, { 'www-authenticate': 'Bearer realm="x",error="insufficient_scope"' });
      res.end();
      return true;
    });
    try {
      const mirrors = { 'registry-1.docker.io': server.url };
      const expect: [string, RegExp][] = [
        ['bad', /answered a digest that is not sha256:<64 lower-case hex digits> \("sha256:NOT-HEX"\)$/],
        ['none', /answered without a Docker-Content-Digest header$/],
        ['404', /: no such image or tag \(HTTP 404\)$/],
        ['refused', /refused an anonymous pull \(HTTP 401\)/],
      ];
      for (const [m, why] of expect) {
        mode = m;
        const r = await within(resolveDigest(IMAGE, { mirrors }), 5000, m);
        assert.ok(!r.ok, m);
        assert.ok(r.error.startsWith(`${IMAGE} at ${server.url}`), r.error);
        assert.match(r.error, why);
        assert.doesNotMatch(r.error, /tok-3f9a|secret_value/);
      }
    } finally {
      await server.close();
    }
  });

  it('a token answer over 64 KiB is refused unread; a realm that is not https is not followed', async () => {
    let sent: Promise<number> = Promise.resolve(0);
    const { server, seen } = await tokenRegistry((req, res) => {
      if (!req.url?.startsWith('/token?')) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"token":"');
      sent = pump(res, 8 * 1024 * 1024, 'a');
      return true;
    });
    try {
      const r = await within(resolveDigest(IMAGE, { mirrors: { 'docker.io': server.url } }), 10_000, 'resolve');
      assert.ok(!r.ok);
      assert.match(r.error, /the token service http:\/\/127\.0\.0\.1:\d+\/token is larger than 65536 bytes; not read/);
      assert.ok((await sent) < 4 * 1024 * 1024, `the server wrote ${await sent} bytes`);
      assert.ok(!seen.some((s) => s.auth), 'no second HEAD');
    } finally {
      await server.close();
    }
    // A plain-http realm elsewhere (the registry on loopback, the realm not): refused without asking it.
    const other = await startServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="http://auth.example.invalid/token",service="s"' });
      res.end();
    });
    try {
      const r = await within(resolveDigest('quay.io/ceph/ceph:v19.2.0', { mirrors: { 'quay.io': other.url } }), 5000, 'resolve');
      assert.ok(!r.ok);
      assert.equal(r.error, `quay.io/ceph/ceph:v19.2.0 at ${other.url}: the token realm http://auth.example.invalid is not https; not followed`);
    } finally {
      await other.close();
    }
  });

  it('a registry that does not answer ends at the deadline; cancelling ends it at once', async () => {
    let arrived: () => void = () => undefined;
    const server = await startServer(() => arrived());
    try {
      const r = await within(resolveDigest('rook/ceph:v1.15.5', { mirrors: { 'docker.io': server.url }, deadlineMs: 300 }), 5000, 'resolve');
      assert.ok(!r.ok);
      assert.match(r.error, /^rook\/ceph:v1\.15\.5 at http:\/\/127\.0\.0\.1:\d+: no complete answer from .* within 0\.3 s$/);
      // Cancelled while the registry holds the request (the deadline is far away): ends at once.
      const abort = new AbortController();
      const received = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const pending = resolveDigest('rook/ceph:v1.15.5', { mirrors: { 'docker.io': server.url }, signal: abort.signal, deadlineMs: 60_000 });
      await within(received, 5000, 'the HEAD at the registry');
      abort.abort();
      const c = await within(pending, 2000, 'cancelled resolve');
      assert.deepEqual(c, { ok: false, error: 'cancelled' });
    } finally {
      await server.close();
    }
  });

  it('no redirect off the registry host; a 401 without a Bearer challenge asks for a mirror', async () => {
    const server = await startServer((req, res) => {
      if (req.url?.includes('redirect')) res.writeHead(307, { location: 'http://127.0.0.2:9/v2/x/manifests/v1' });
      else res.writeHead(401, { 'www-authenticate': 'Basic realm="corp"' });
      res.end();
    });
    try {
      const moved = await within(resolveDigest('redirect/x:v1', { mirrors: { 'docker.io': server.url } }), 5000, 'resolve');
      assert.ok(!moved.ok && /redirects to another host \(127\.0\.0\.2:9\); not followed/.test(moved.error), JSON.stringify(moved));
      const basic = await within(resolveDigest('corp/x:v1', { mirrors: { 'docker.io': server.url } }), 5000, 'resolve');
      assert.ok(!basic.ok && /asks for credentials \(HTTP 401 without a Bearer token challenge\)/.test(basic.error), JSON.stringify(basic));
    } finally {
      await server.close();
    }
  });

  it('mirrors: keyed by the registry as images name it; only plain http(s) base URLs', () => {
    assert.deepEqual(registryBase('registry-1.docker.io', { 'docker.io': 'https://mirror.example/hub/' }), { ok: true, value: { base: 'https://mirror.example/hub', url: new URL('https://mirror.example/hub/') } });
    const none = registryBase('quay.io', { 'docker.io': 'https://mirror.example' });
    assert.ok(none.ok && none.value.base === 'https://quay.io');
    for (const bad of ['https://u:p@mirror.example', 'ftp://mirror.example', 'not a url', 'https://m.example/?x=1']) {
      const r = registryBase('quay.io', { 'quay.io': bad });
      assert.ok(!r.ok, bad);
    }
    assert.deepEqual(parseBearerChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:rancher/k3s-upgrade:pull"'), { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:rancher/k3s-upgrade:pull' });
    assert.equal(parseBearerChallenge('Basic realm="x"'), undefined);
    assert.equal(parseBearerChallenge(`Bearer realm="${'x'.repeat(5000)}"`), undefined);
  });
});
