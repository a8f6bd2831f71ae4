// The Rook operator, as far as the extension can observe it.
// - A new operator image (rook/ceph:vX.Y.Z) makes every Rook daemon Deployment's rook-version label follow, one
//   Deployment per step.
// - A new CephCluster spec.cephVersion.image moves the cluster through an upgrade: HEALTH_WARN while daemons
//   restart one per step (their ceph-version label, image and status.ceph.versions follow), then the new
//   status.version and HEALTH_OK — or HEALTH_WARN forever with the cephStuckWarn fault knob.
import { createHash } from 'node:crypto';
import { Informer, type Kube } from './kube';
import type { CephCluster, Deployment, Faults } from './types';

const RELEASES: Record<string, string> = { '16': 'pacific', '17': 'quincy', '18': 'reef', '19': 'squid', '20': 'tentacle' };

function tagOf(image: string | undefined): string | undefined {
  const m = /:([^:/@]+)(@.*)?$/.exec(image ?? '');
  return m?.[1];
}

/** quay.io/ceph/ceph:v18.2.4 → "18.2.4-0" (Rook's status.version.version form). */
export function cephVersionOf(image: string | undefined): string | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-(\d{1,3})(?!\d))?/.exec(tagOf(image) ?? '');
  return m ? `${m[1]}.${m[2]}.${m[3]}-${m[4] ?? '0'}` : undefined;
}

/** "18.2.4-0" → "ceph version 18.2.4 (<sha>) reef (stable)", as `ceph versions` prints it. */
function cephVersionString(v: string): string {
  const [base] = v.split('-');
  const sha = createHash('sha1').update(base).digest('hex');
  return `ceph version ${base} (${sha}) ${RELEASES[base.split('.')[0]] ?? 'unknown'} (stable)`;
}

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

interface Upgrade {
  at: number;
  target: string;
  image: string;
}

export class RookSimulator {
  private lastStep = new Map<string, number>();
  private readonly upgrades = new Map<string, Upgrade>();

  constructor(
    private readonly kube: Kube,
    private readonly deployments: Informer<Deployment>,
    private readonly clusters: Informer<CephCluster>,
    private readonly log: (s: string) => void,
  ) {}

  private due(key: string, stepMs: number): boolean {
    const now = Date.now();
    if (now - (this.lastStep.get(key) ?? 0) < stepMs) return false;
    this.lastStep.set(key, now);
    return true;
  }

  /** Returns true while daemons or clusters are still converging (timed steps pending). */
  async reconcile(faults: Faults): Promise<boolean> {
    const operators = this.deployments.list().filter((d) => d.metadata.name === 'rook-ceph-operator');
    for (const op of operators) {
      const ns = op.metadata.namespace ?? 'default';
      try {
        await this.reconcileOperator(op, ns, faults);
        for (const c of this.clusters.list().filter((x) => x.metadata.namespace === ns)) await this.reconcileCluster(c, ns, faults);
      } catch (e) {
        this.log(`rook ${ns}: ${String(e)}`);
      }
    }
    return this.upgrades.size > 0 || operators.some((op) => {
      const ns = op.metadata.namespace ?? 'default';
      const version = tagOf(op.spec.template.spec.containers[0]?.image);
      const behind = this.daemons(ns).some((d) => d.metadata.labels?.['rook-version'] !== version);
      const unconverged = this.clusters.list().some((c) => c.metadata.namespace === ns && c.spec.cephVersion?.image !== c.status?.version?.image);
      return behind || unconverged;
    });
  }

  private daemons(ns: string): Deployment[] {
    return this.deployments
      .list()
      .filter((d) => d.metadata.namespace === ns && d.metadata.labels?.['rook-version'] !== undefined)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  private async reconcileOperator(op: Deployment, ns: string, faults: Faults): Promise<void> {
    const version = tagOf(op.spec.template.spec.containers[0]?.image);
    if (!version) return;
    const behind = this.daemons(ns).filter((d) => d.metadata.labels?.['rook-version'] !== version);
    if (behind.length === 0 || !this.due(`op/${ns}`, faults.stepDelayMs)) return;
    const d = behind[0];
    const updated = await this.kube.mergePatch<Deployment>(`/apis/apps/v1/namespaces/${ns}/deployments/${d.metadata.name}`, { metadata: { labels: { 'rook-version': version } } });
    this.deployments.cache.set(Informer.key(updated), updated);
    this.log(`rook: ${ns}/${d.metadata.name} rook-version=${version}`);
  }

  private async reconcileCluster(c: CephCluster, ns: string, faults: Faults): Promise<void> {
    const image = c.spec.cephVersion?.image;
    const target = cephVersionOf(image);
    const key = Informer.key(c);
    if (!image || !target) return;
    const statusPath = `/apis/ceph.rook.io/v1/namespaces/${ns}/cephclusters/${c.metadata.name}/status`;
    const status = c.status ?? {};
    const converged = status.version?.image === image;
    const daemons = this.daemons(ns).filter((d) => d.metadata.labels?.['ceph-version'] !== undefined);

    if (converged) {
      // After an upgrade with the fault knob off, health recovers; with it on, it stays in HEALTH_WARN.
      if (status.ceph?.health === 'HEALTH_WARN' && this.upgrades.has(key) && !faults.cephStuckWarn && this.due(`ceph/${key}`, faults.stepDelayMs)) {
        await this.writeStatus(c, statusPath, this.health(status, 'HEALTH_OK', {}));
        this.upgrades.delete(key);
        this.log(`rook: ${key} HEALTH_OK on ${target}`);
      }
      return;
    }
    if (!this.due(`ceph/${key}`, faults.stepDelayMs)) return;
    const up = this.upgrades.get(key);
    if (!up || up.image !== image) {
      this.upgrades.set(key, { at: Date.now(), target, image });
      const s = this.health(status, 'HEALTH_WARN', { OSDMAP_FLAGS: { message: 'noout flag(s) set', severity: 'HEALTH_WARN' } });
      s.phase = 'Progressing';
      s.state = 'Creating';
      s.message = `Upgrading Ceph to ${target}`;
      s.conditions = this.condition(status, 'Progressing', `Upgrading Ceph to ${target}`);
      await this.writeStatus(c, statusPath, s);
      this.log(`rook: ${key} upgrading to ${target} (HEALTH_WARN)`);
      return;
    }
    const behind = daemons.filter((d) => d.metadata.labels?.['ceph-version'] !== target);
    if (behind.length > 0) {
      // Rook restarts mons first, then mgrs, then OSDs.
      const order = ['mon', 'mgr', 'osd'];
      behind.sort((a, b) => order.indexOf(a.metadata.labels?.ceph_daemon_type ?? '') - order.indexOf(b.metadata.labels?.ceph_daemon_type ?? ''));
      const d = behind[0];
      const updated = await this.kube.jsonPatch<Deployment>(`/apis/apps/v1/namespaces/${ns}/deployments/${d.metadata.name}`, [
        { op: 'add', path: '/metadata/labels/ceph-version', value: target },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: image },
      ]);
      this.deployments.cache.set(Informer.key(updated), updated);
      const s = { ...status, ceph: { ...status.ceph, versions: this.versions(ns) } };
      await this.writeStatus(c, statusPath, s);
      this.log(`rook: ${ns}/${d.metadata.name} ceph-version=${target}`);
      return;
    }
    const s = this.health(status, faults.cephStuckWarn ? 'HEALTH_WARN' : 'HEALTH_OK', faults.cephStuckWarn ? { PG_DEGRADED: { message: 'Degraded data redundancy: 12/3456 objects degraded (0.347%), 3 pgs degraded', severity: 'HEALTH_WARN' } } : {});
    s.version = { image, version: target };
    s.ceph = { ...s.ceph, versions: this.versions(ns) };
    s.phase = 'Ready';
    s.state = 'Created';
    s.message = 'Cluster created successfully';
    s.conditions = this.condition(status, 'Ready', 'Cluster created successfully');
    await this.writeStatus(c, statusPath, s);
    if (!faults.cephStuckWarn) this.upgrades.delete(key);
    this.log(`rook: ${key} now on ${target} (${s.ceph?.health})`);
  }

  private versions(ns: string): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    const overall: Record<string, number> = {};
    for (const d of this.daemons(ns)) {
      const type = d.metadata.labels?.ceph_daemon_type;
      const v = d.metadata.labels?.['ceph-version'];
      if (!type || !v) continue;
      const s = cephVersionString(v);
      out[type] ??= {};
      out[type][s] = (out[type][s] ?? 0) + 1;
      overall[s] = (overall[s] ?? 0) + 1;
    }
    return { ...out, overall };
  }

  private health(status: NonNullable<CephCluster['status']>, health: string, details: Record<string, { message: string; severity: string }>): NonNullable<CephCluster['status']> {
    const prev = status.ceph?.health;
    const now = nowIso();
    return {
      ...status,
      ceph: { ...status.ceph, health, details, lastChecked: now, ...(prev !== health ? { previousHealth: prev, lastChanged: now } : {}) },
    };
  }

  private condition(status: NonNullable<CephCluster['status']>, type: string, message: string): NonNullable<CephCluster['status']>['conditions'] {
    const now = nowIso();
    const others = (status.conditions ?? []).filter((c) => c.type !== type).map((c) => ({ ...c, status: 'False' }));
    return [...others, { type, status: 'True', reason: type === 'Ready' ? 'ClusterCreated' : 'ClusterProgressing', message, lastHeartbeatTime: now, lastTransitionTime: now }];
  }

  private async writeStatus(c: CephCluster, path: string, status: CephCluster['status']): Promise<void> {
    const updated = await this.kube.request<CephCluster>('PUT', path, { ...c, status });
    this.clusters.cache.set(Informer.key(updated), updated);
  }
}
