import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { upgradePermissions } from '../../../src/core/cluster/permissions';
import { SELF_SUBJECT_ACCESS_REVIEWS, reviewAccess } from '../../../src/kube/accessReview';
import { type HttpResponse, KubeClient } from '../../../src/kube/client';
import { createTransport } from '../../../src/kube/transport';
import { FakeTransport } from '../cluster/fakeTransport';
import { timedAsync, underBudgetAsync } from '../helpers/timing';
import { kubeConfigFor, startServer, within } from './localServer';

interface Attributes {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
  name?: string;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Answers SelfSubjectAccessReviews as RBAC would for a user who may only read. */
function readOnlyAuthorizer(seen: { method?: string; path?: string; contentType?: string; body: unknown }[]) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    void readBody(req).then((text) => {
      const body = JSON.parse(text) as { spec: { resourceAttributes: Attributes } };
      seen.push({ method: req.method, path: req.url, contentType: req.headers['content-type'], body });
      const a = body.spec.resourceAttributes;
      const allowed = ['get', 'list', 'watch'].includes(a.verb);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'SelfSubjectAccessReview', spec: body.spec, status: { allowed, ...(allowed ? { reason: 'RBAC: allowed by ClusterRoleBinding "view"' } : {}) } }));
    });
  };
}

/** A transport that can POST, answering reviews after `delayMs`, counting how many are in flight. */
class ReviewTransport extends FakeTransport {
  inFlight = 0;
  maxInFlight = 0;
  posts = 0;
  constructor(
    private readonly answer: (a: Attributes) => HttpResponse,
    private readonly delayMs = 5,
  ) {
    super({});
  }
  async post(_path: string, body: string, signal?: AbortSignal): Promise<HttpResponse> {
    this.posts++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, this.delayMs);
        signal?.addEventListener('abort', () => (clearTimeout(t), reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))), { once: true });
      });
      return this.answer((JSON.parse(body) as { spec: { resourceAttributes: Attributes } }).spec.resourceAttributes);
    } finally {
      this.inFlight--;
    }
  }
}

const allow = (allowed: (a: Attributes) => boolean) => (a: Attributes): HttpResponse => ({ status: 201, body: JSON.stringify({ status: { allowed: allowed(a) } }) });

describe('kube/accessReview (SelfSubjectAccessReview per permission)', () => {
  it('POSTs one review per permission through the real transport and reads allowed/denied and the reason', async () => {
    const seen: { method?: string; path?: string; contentType?: string; body: unknown }[] = [];
    const server = await startServer(readOnlyAuthorizer(seen));
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const checks = upgradePermissions();
      const r = await within(reviewAccess(new KubeClient(t), checks), 5000, 'reviewAccess');
      t.dispose();
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(
        r.value.map((v) => [v.access.verb, v.access.resource, v.allowed]),
        checks.map((c) => [c.verb, c.resource, c.verb === 'list' || c.verb === 'watch']),
      );
      assert.equal(r.value.at(-1)?.reason, 'RBAC: allowed by ClusterRoleBinding "view"');
      assert.equal(r.value[0]?.reason, undefined);
      assert.equal(seen.length, checks.length);
      assert.ok(seen.every((s) => s.method === 'POST' && s.path === SELF_SUBJECT_ACCESS_REVIEWS && s.contentType === 'application/json'));
      assert.deepEqual(seen.map((s) => s.body).find((b) => JSON.stringify(b).includes('rook-ceph-operator')), {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'rook-ceph', name: 'rook-ceph-operator' } },
      });
    } finally {
      await server.close();
    }
  });

  it('asks in parallel, at most 4 at a time, and keeps the order asked', async () => {
    const checks = upgradePermissions();
    // Asked one at a time, the reviews take at least checks.length × 20 ms on every run; a run over that
    // (a loaded machine) is repeated with a fresh transport, and the fastest counts.
    const { value: [t, r], ms } = await underBudgetAsync(checks.length * 20, async () => {
      const transport = new ReviewTransport(allow((a) => a.resource !== 'nodes'), 20);
      const timedRun = await timedAsync(() => reviewAccess(new KubeClient(transport), checks));
      return { value: [transport, timedRun.value] as const, ms: timedRun.ms };
    });
    assert.ok(r.ok);
    assert.equal(t.maxInFlight, 4);
    assert.equal(t.posts, checks.length);
    assert.deepEqual(r.value.filter((v) => !v.allowed).map((v) => `${v.access.verb} ${v.access.resource}`), ['patch nodes', 'watch nodes']);
    assert.ok(ms < checks.length * 20, `${checks.length} reviews of 20 ms took ${Math.round(ms)} ms: not parallel`);
  });

  it('a review that fails fails the check (a partial list would read as allowed), and stops asking', async () => {
    const t = new ReviewTransport((a) =>
      a.resource === 'plans'
        ? { status: 403, body: JSON.stringify({ kind: 'Status', code: 403, message: 'selfsubjectaccessreviews.authorization.k8s.io is forbidden: User "x" cannot create resource "selfsubjectaccessreviews" in API group "authorization.k8s.io" at the cluster scope' }) }
        : { status: 201, body: JSON.stringify({ status: { allowed: true } }) },
    );
    const r = await reviewAccess(new KubeClient(t), upgradePermissions(), { concurrency: 1 });
    assert.ok(!r.ok && r.error.kind === 'forbidden');
    assert.equal(r.error.resource, 'selfsubjectaccessreviews');
    assert.equal(t.posts, 1);
  });

  it('an answer without status.allowed is a malformed answer, not a denial', async () => {
    const t = new ReviewTransport(() => ({ status: 201, body: JSON.stringify({ kind: 'SelfSubjectAccessReview', status: {} }) }));
    const r = await reviewAccess(new KubeClient(t), upgradePermissions().slice(0, 1));
    assert.ok(!r.ok && r.error.kind === 'failed');
    assert.match(r.error.message, /no status\.allowed/);
    const nul = await reviewAccess(new KubeClient(new ReviewTransport(() => ({ status: 201, body: 'null' }))), upgradePermissions().slice(0, 1));
    assert.ok(!nul.ok && nul.error.kind === 'failed');
  });

  it('a slow authorizer is given up at the deadline, saying so', async () => {
    const { value: r, ms } = await underBudgetAsync(1500, () => {
      const t = new ReviewTransport(allow(() => true), 10_000);
      return timedAsync(() => within(reviewAccess(new KubeClient(t), upgradePermissions(), { deadlineMs: 300 }), 3000, 'reviewAccess'));
    });
    assert.ok(!r.ok && r.error.kind === 'unreachable', JSON.stringify(r));
    assert.match(r.error.message, /did not finish within 0\.3 s/);
    assert.ok(ms < 1500, `took ${Math.round(ms)} ms`);
  });

  it('cancelling stops the reviews', async () => {
    const t = new ReviewTransport(allow(() => true), 10_000);
    const abort = new AbortController();
    const pending = reviewAccess(new KubeClient(t), upgradePermissions(), { signal: abort.signal });
    abort.abort();
    const r = await within(pending, 2000, 'reviewAccess');
    assert.ok(!r.ok && r.error.kind === 'aborted');
  });

  it('a transport that cannot POST says so instead of answering "allowed"', async () => {
    const r = await reviewAccess(new KubeClient(new FakeTransport({})), upgradePermissions());
    assert.ok(!r.ok && r.error.kind === 'failed');
    assert.match(r.error.message, /cannot send requests/);
  });

  it('the authorizer reason is cut to a sentence', async () => {
    const t = new ReviewTransport(() => ({ status: 201, body: JSON.stringify({ status: { allowed: false, reason: 'x'.repeat(10_000) } }) }));
    const r = await reviewAccess(new KubeClient(t), upgradePermissions().slice(0, 1));
    assert.ok(r.ok);
    assert.ok((r.value[0]?.reason?.length ?? 0) <= 301);
  });
});
