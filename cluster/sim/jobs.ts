// Jobs: kwok keeps Job pods Running until the simulator writes its verdict annotation (see
// cluster/kwok-stages/pod-complete.yaml). A Job that runs `k3s etcd-snapshot save` succeeds on a server node
// (etcd role) and yields an ETCDSnapshotFile as K3s records it; it fails on an agent, or always with the
// failSnapshotJobs fault knob. Any other Job succeeds, except system-upgrade-controller's upgrade Jobs, whose pods
// the Plan simulator ends (plans.ts).
import { randomBytes } from 'node:crypto';
import { Informer, type Kube } from './kube';
import { LABEL_CONTROLLER } from './sucJob';
import type { Faults, Job, Node, Pod } from './types';

/** The simulator's verdict on a Job pod, which kwok's pod-complete / pod-failed stages act on. */
export const OUTCOME = 'upgrade-planner.dev/sim-outcome';
const RECORDED = 'upgrade-planner.dev/sim-snapshot';

/** The snapshot name of `k3s etcd-snapshot save [--name N]`, or undefined when the job is not a snapshot save. */
export function snapshotSave(job: Job): { name: string } | undefined {
  for (const c of job.spec.template.spec.containers) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])].flatMap((a) => a.split(/\s+/)).filter(Boolean);
    const i = argv.indexOf('etcd-snapshot');
    if (i === -1) continue;
    const sub = argv[i + 1];
    if (sub !== undefined && !sub.startsWith('-') && sub !== 'save') continue;
    const nameFlag = argv.findIndex((a) => a === '--name' || a.startsWith('--name='));
    const name = nameFlag === -1 ? 'on-demand' : argv[nameFlag].includes('=') ? argv[nameFlag].split('=')[1] : argv[nameFlag + 1];
    return { name: name || 'on-demand' };
  }
  return undefined;
}

export class JobSimulator {
  constructor(
    private readonly kube: Kube,
    private readonly jobs: Informer<Job>,
    private readonly pods: Informer<Pod>,
    private readonly nodes: Informer<Node>,
    private readonly log: (s: string) => void,
  ) {}

  async reconcile(faults: Faults): Promise<void> {
    for (const pod of this.pods.list()) {
      try {
        await this.judgePod(pod, faults);
      } catch (e) {
        this.log(`pod ${Informer.key(pod)}: ${String(e)}`);
      }
    }
    for (const job of this.jobs.list()) {
      try {
        await this.recordSnapshot(job);
      } catch (e) {
        this.log(`job ${Informer.key(job)}: ${String(e)}`);
      }
    }
  }

  private async judgePod(pod: Pod, faults: Faults): Promise<void> {
    if (pod.metadata.annotations?.[OUTCOME] || pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return;
    const owner = pod.metadata.ownerReferences?.find((o) => o.kind === 'Job');
    if (!owner) return;
    const job = this.jobs.cache.get(`${pod.metadata.namespace}/${owner.name}`);
    if (!job || job.metadata.labels?.[LABEL_CONTROLLER]) return; // upgrade Jobs: plans.ts decides when their pods end
    const snap = snapshotSave(job);
    let outcome = 'Succeeded';
    if (snap) {
      const node = pod.spec.nodeName ? this.nodes.cache.get(pod.spec.nodeName) : undefined;
      const isServer = node?.metadata.labels?.['node-role.kubernetes.io/etcd'] === 'true';
      if (faults.failSnapshotJobs || !isServer) outcome = 'Failed';
    }
    const updated = await this.kube.mergePatch<Pod>(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`, { metadata: { annotations: { [OUTCOME]: outcome } } });
    this.pods.cache.set(Informer.key(updated), updated);
    this.log(`job ${pod.metadata.namespace}/${owner.name}: pod on ${pod.spec.nodeName} → ${outcome}`);
  }

  private async recordSnapshot(job: Job): Promise<void> {
    if (job.metadata.annotations?.[RECORDED]) return;
    const complete = job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True');
    const snap = complete ? snapshotSave(job) : undefined;
    if (!snap) return;
    const pod = this.pods.list().find((p) => p.metadata.ownerReferences?.some((o) => o.uid === job.metadata.uid) && p.status?.phase === 'Succeeded');
    const nodeName = pod?.spec.nodeName;
    if (!nodeName) return;
    const node = this.nodes.cache.get(nodeName);
    const ts = Math.floor(Date.now() / 1000);
    const snapshotName = `${snap.name}-${nodeName}-${ts}`;
    const name = `local-${snapshotName}-${randomBytes(3).toString('hex')}`;
    const k3sVersion = node?.status?.nodeInfo?.kubeletVersion;
    await this.kube.request('POST', '/apis/k3s.cattle.io/v1/etcdsnapshotfiles', {
      apiVersion: 'k3s.cattle.io/v1',
      kind: 'ETCDSnapshotFile',
      metadata: { name, labels: { 'etcd.k3s.cattle.io/snapshot-storage-node': nodeName }, annotations: { 'upgrade-planner.dev/job': `${job.metadata.namespace}/${job.metadata.name}` } },
      spec: {
        snapshotName,
        nodeName,
        location: `file:///var/lib/rancher/k3s/server/db/snapshots/${snapshotName}`,
        ...(k3sVersion ? { metadata: { k3sVersion } } : {}),
      },
      status: { readyToUse: true, size: String(18_000_000 + Math.floor(Math.random() * 2_000_000)), creationTime: new Date(ts * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
    });
    const updated = await this.kube.mergePatch<Job>(`/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}`, { metadata: { annotations: { [RECORDED]: name } } });
    this.jobs.cache.set(Informer.key(updated), updated);
    this.log(`snapshot ${name} recorded for job ${Informer.key(job)}`);
  }
}
