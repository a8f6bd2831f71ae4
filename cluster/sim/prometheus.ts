// Prometheus, as far as a run's alert gate sees it: an HTTP server on a free loopback port answering
// GET /api/v1/alerts (the Prometheus HTTP API's shape) with the alerts that kube-prometheus' rules would raise on the
// simulated cluster, computed from the informers on each request:
//   Watchdog (none)              always firing, as in kube-prometheus
//   KubeNodeNotReady (warning)   a node whose Ready condition is not True          (label node)
//   KubeNodeUnreachable (warning) a node tainted node.kubernetes.io/unreachable:NoSchedule (label node)
//   CephHealthError (critical)   a CephCluster whose status.ceph.health is HEALTH_ERR  (label namespace)
//   CephHealthWarning (warning)  ... HEALTH_WARN                                        (label namespace)
// plus the `firingAlerts` knob (`Name=severity,Other=critical`: forced firing). The real rules' `for:` delays are not
// simulated: an alert fires as soon as its condition holds. Anything else answers Prometheus' error envelope.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Informer } from './kube';
import type { CephCluster, ConfigMap, Node } from './types';

interface Alert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'firing' | 'pending';
  activeAt: string;
  value: string;
}

/** The running server: its base URL (what a plan's gates.prometheus.url names) and how to stop it. */
export interface SimulatedPrometheus {
  readonly url: string;
  close(): Promise<void>;
}

/** `KubeNodeNotReady=warning, Custom=critical` → forced alerts; a name without `=severity` is critical. */
export function parseFiringAlerts(text: string | undefined): { name: string; severity: string }[] {
  const out: { name: string; severity: string }[] = [];
  for (const entry of (text ?? '').split(',')) {
    const [name, severity] = entry.split('=').map((s) => s.trim());
    if (name) out.push({ name, severity: severity || 'critical' });
  }
  return out;
}

/** The alerts kube-prometheus' rules would have active on this cluster now. */
export function alertsOf(nodes: readonly Node[], clusters: readonly CephCluster[], config: ConfigMap | undefined, started: string): Alert[] {
  const alert = (labels: Record<string, string>, summary: string, activeAt: string | undefined): Alert => ({
    labels, annotations: { summary }, state: 'firing', activeAt: activeAt ?? started, value: '1e+00',
  });
  const out: Alert[] = [alert({ alertname: 'Watchdog', severity: 'none' }, 'An alert that should always be firing to certify that Alertmanager is working properly.', started)];
  for (const n of nodes) {
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready && ready.status !== 'True') out.push(alert({ alertname: 'KubeNodeNotReady', severity: 'warning', node: n.metadata.name }, 'Node is not ready.', ready.lastTransitionTime));
    if (n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoSchedule')) {
      out.push(alert({ alertname: 'KubeNodeUnreachable', severity: 'warning', node: n.metadata.name }, 'Node is unreachable.', undefined));
    }
  }
  for (const c of clusters) {
    const health = c.status?.ceph?.health;
    const ns = c.metadata.namespace ?? '';
    if (health === 'HEALTH_ERR') out.push(alert({ alertname: 'CephHealthError', severity: 'critical', namespace: ns }, 'Ceph is in the ERROR state.', c.status?.ceph?.lastChanged));
    if (health === 'HEALTH_WARN') out.push(alert({ alertname: 'CephHealthWarning', severity: 'warning', namespace: ns }, 'Ceph is in the WARNING state.', c.status?.ceph?.lastChanged));
  }
  for (const f of parseFiringAlerts(config?.data?.firingAlerts)) out.push(alert({ alertname: f.name, severity: f.severity }, 'forced by the simulator (firingAlerts knob)', started));
  return out;
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startPrometheus(nodes: Informer<Node>, clusters: Informer<CephCluster>, config: Informer<ConfigMap>, log: (s: string) => void): Promise<SimulatedPrometheus> {
  const started = new Date().toISOString();
  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return send(res, 405, { status: 'error', errorType: 'bad_data', error: `method ${req.method ?? ''} not allowed` });
    if (path === '/api/v1/alerts') return send(res, 200, { status: 'success', data: { alerts: alertsOf(nodes.list(), clusters.list(), config.list()[0], started) } });
    if (path === '/-/healthy' || path === '/-/ready') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('Prometheus Server is Healthy.\n');
    }
    return send(res, path.startsWith('/api/v1/') ? 400 : 404, { status: 'error', errorType: 'bad_data', error: `the simulated Prometheus answers /api/v1/alerts only, not ${path}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  log(`prometheus: serving /api/v1/alerts at ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
