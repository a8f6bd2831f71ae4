import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { evaluatePromqlRule } from '../../../src/core/risks/evaluate';
import type { PromqlRule } from '../../../src/core/risks/model';
import { prometheusClient, riskPrometheus, shownUrl } from '../../../src/kube/prometheus';
import { timedAsync, underBudgetAsync } from '../helpers/timing';
import { pump, startServer, within } from './localServer';

const MB = 1024 * 1024;
const ALERTS = {
  status: 'success',
  data: {
    alerts: [
      { labels: { alertname: 'Watchdog', severity: 'none' }, annotations: {}, state: 'firing', activeAt: '2026-11-27T20:00:00Z', value: '1e+00' },
      { labels: { alertname: 'KubeNodeNotReady', severity: 'warning', node: 'k3s-agent-1' }, annotations: {}, state: 'firing', activeAt: '2026-11-27T20:01:00Z', value: '1e+00' },
    ],
  },
};

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('kube/prometheus: the client of a plan\'s gates.prometheus', () => {
  it('reads /api/v1/alerts under the URL\'s path; credentials in the URL go as Basic auth and never into a message', async () => {
    const seen: { path?: string; auth?: string }[] = [];
    const server = await startServer((req, res) => {
      seen.push({ path: req.url, auth: req.headers.authorization });
      if (req.url === '/prom/api/v1/alerts') return json(res, 200, ALERTS);
      json(res, 503, { status: 'error', errorType: 'unavailable', error: 'TSDB not ready' });
    });
    try {
      const url = `http://ops%40corp:s3cr%3At@${server.host}/prom/`;
      const c = prometheusClient(url);
      assert.ok(c.ok);
      assert.equal(c.value.shown, `http://${server.host}/prom`);
      const r = await within(c.value.alerts(), 5000, 'alerts');
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.deepEqual(r.value.map((a) => [a.name, a.severity, a.state, a.where]), [['Watchdog', 'none', 'firing', {}], ['KubeNodeNotReady', 'warning', 'firing', { node: 'k3s-agent-1' }]]);
      assert.equal(seen[0].auth, `Basic ${Buffer.from('ops@corp:s3cr:t').toString('base64')}`);

      const q = await c.value.query('up == 0');
      assert.ok(!q.ok);
      assert.equal(q.error, `http://${server.host}/prom/api/v1/query answered HTTP 503: Prometheus answered unavailable: TSDB not ready`);
      assert.equal(seen[1].path, `/prom/api/v1/query?query=${encodeURIComponent('up == 0')}`);
      assert.doesNotMatch(q.error, /s3cr|ops/);
      assert.equal(shownUrl('https://u:p@prometheus.example:9090/x?token=abc#f'), 'https://prometheus.example:9090/x');
    } finally {
      await server.close();
    }
  });

  it('a huge answer is cut off at the cap and refused, not parsed', async () => {
    let sent: Promise<number> = Promise.resolve(0);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"status":"success","data":{"alerts":[');
      sent = pump(res, 200 * MB, ' ');
    });
    try {
      const c = prometheusClient(server.url, { maxBytes: 2 * MB });
      assert.ok(c.ok);
      const r = await within(c.value.alerts(), 15_000, 'alerts');
      assert.ok(!r.ok);
      assert.match(r.error, /larger than 2097152 bytes; not read/);
      assert.ok((await sent) < 64 * MB, `server wrote ${await sent} bytes`);
      // A declared length over the cap is refused before the body is read.
      const declared = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * MB) });
        res.write('{');
      });
      try {
        const d = prometheusClient(declared.url, { maxBytes: 2 * MB });
        assert.ok(d.ok);
        const r2 = await within(d.value.alerts(), 5000, 'alerts');
        assert.ok(!r2.ok && /52428800 bytes, more than the 2097152 read/.test(r2.error), JSON.stringify(r2));
      } finally {
        await declared.close();
      }
    } finally {
      await server.close();
    }
  });

  it('a server that drips its answer ends at the deadline; a refused connection and a redirect elsewhere are errors', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/moved/api/v1/alerts') {
        res.writeHead(302, { location: 'http://evil.invalid:9090/api/v1/alerts' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    try {
      const slow = prometheusClient(server.url, { deadlineMs: 800 });
      assert.ok(slow.ok);
      // A run over the time budget (a loaded machine) is repeated whole, with a fresh request.
      const { value: r, ms } = await underBudgetAsync(3000, () => timedAsync(() => within(slow.value.alerts(), 5000, 'alerts')));
      assert.ok(!r.ok && /no complete answer from .* within 0\.8 s/.test(r.error), JSON.stringify(r));
      assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);

      const moved = prometheusClient(`${server.url}/moved`);
      assert.ok(moved.ok);
      const m = await within(moved.value.alerts(), 5000, 'alerts');
      assert.ok(!m.ok && /redirects to another host \(evil\.invalid:9090\); not followed/.test(m.error), JSON.stringify(m));
    } finally {
      await server.close();
    }
    // A port nothing listens on any more.
    const closed = await startServer(() => undefined);
    await closed.close();
    const gone = prometheusClient(`http://user:pw@${closed.host}`);
    assert.ok(gone.ok);
    const g = await within(gone.value.alerts(), 5000, 'alerts');
    assert.ok(!g.ok);
    assert.equal(g.error, `cannot reach ${closed.url}/api/v1/alerts: connect ECONNREFUSED ${closed.host}`);
    assert.doesNotMatch(g.error, /user|pw/);
  });

  it('an aborted read says cancelled; a non-http URL is refused; a login page is not an answer', async () => {
    const server = await startServer((req, res) => {
      if (req.url?.startsWith('/login')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>sign in</html>');
      }
      // Never answers: only the abort ends the read.
    });
    try {
      const c = prometheusClient(server.url);
      assert.ok(c.ok);
      const ac = new AbortController();
      const pending = c.value.alerts(ac.signal);
      setTimeout(() => ac.abort(), 50);
      assert.deepEqual(await within(pending, 5000, 'alerts'), { ok: false, error: 'cancelled' });
      const login = prometheusClient(`${server.url}/login`);
      assert.ok(login.ok);
      const l = await login.value.alerts();
      assert.deepEqual(l, { ok: false, error: `${server.url}/login/api/v1/alerts: the answer is not JSON` });
    } finally {
      await server.close();
    }
    const ftp = prometheusClient('ftp://prometheus:21');
    assert.ok(!ftp.ok && /http:\/\/ or https:\/\//.test(ftp.error));
  });

  it('query() fits a RiskContext: a PromQL risk rule matches on a non-zero answer and is "not evaluated" when the query fails', async () => {
    const server = await startServer((req, res) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams.get('query');
      if (q === 'bad(') return json(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error' });
      json(res, 200, { status: 'success', data: { resultType: 'vector', result: q === 'none' ? [] : [{ metric: { node: 'a' }, value: [1, '0'] }, { metric: { node: 'b' }, value: [1, '4'] }] } });
    });
    try {
      const c = prometheusClient(server.url);
      assert.ok(c.ok);
      const prometheus = riskPrometheus(c.value);
      const rule = (promql: string): PromqlRule => ({ type: 'promql', promql });
      assert.equal((await evaluatePromqlRule(rule('kube_node_info'), { prometheus })).status, 'matches');
      assert.equal((await evaluatePromqlRule(rule('none'), { prometheus })).status, 'no-match');
      const bad = await evaluatePromqlRule(rule('bad('), { prometheus });
      assert.equal(bad.status, 'not-evaluated');
      assert.match(bad.detail, /answered HTTP 400: Prometheus answered bad_data: parse error/);
    } finally {
      await server.close();
    }
  });
});
