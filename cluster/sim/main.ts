// The cluster simulator: a small controller that talks to the API server like any other client and stands in for
// what kubelets and operators would do on a real K3s + Rook cluster (see cluster/README.md).
//   node --require tsx/cjs cluster/sim/main.ts --kubeconfig FILE [--context NAME] [--run-dir DIR]
// Knobs (step delay and faults) live in ConfigMap kube-system/upgrade-planner-simulator and are read live.
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { Informer, Kube } from './kube';
import { PlanSimulator } from './plans';
import { Drainer } from './drain';
import { RookSimulator } from './rook';
import { JobSimulator } from './jobs';
import { VeleroSimulator } from './velero';
import { PressureSimulator, parseNodePressure } from './pressure';
import { startPrometheus } from './prometheus';
import type { CephCluster, ConfigMap, Deployment, Faults, Job, Node, Plan, Pod, VeleroBackup } from './types';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

function log(s: string): void {
  process.stdout.write(`${new Date().toISOString()} ${s}\n`);
}

function faultsFrom(cm: ConfigMap | undefined): Faults {
  const d = cm?.data ?? {};
  return {
    stepDelayMs: Number(d.stepDelayMs ?? 300) || 300,
    stuckNodes: new Set((d.stuckNodes ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    failUpgradeJobs: new Set((d.failUpgradeJobs ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    cephStuckWarn: d.cephStuckWarn === 'true',
    failSnapshotJobs: d.failSnapshotJobs === 'true',
    veleroBackupOutcome: d.veleroBackupOutcome === 'PartiallyFailed' || d.veleroBackupOutcome === 'Failed' ? d.veleroBackupOutcome : 'Completed',
    nodePressure: parseNodePressure(d.nodePressure),
  };
}

async function main(): Promise<void> {
  const kc = new KubeConfig();
  const file = arg('kubeconfig');
  if (file) kc.loadFromFile(file);
  else kc.loadFromDefault();
  const ctx = arg('context');
  if (ctx) kc.setCurrentContext(ctx);
  const runDir = arg('run-dir');
  const kube = new Kube(kc);

  let dirty = true;
  const kick = (): void => {
    dirty = true;
  };
  const inf = <T extends Node | Plan | Deployment | CephCluster | Job | Pod | ConfigMap | VeleroBackup>(path: string): Informer<T> => new Informer<T>(kube, path, kick, log);
  const nodes = inf<Node>('/api/v1/nodes');
  const plans = inf<Plan>('/apis/upgrade.cattle.io/v1/plans');
  const deployments = inf<Deployment>('/apis/apps/v1/deployments');
  const clusters = inf<CephCluster>('/apis/ceph.rook.io/v1/cephclusters');
  const jobs = inf<Job>('/apis/batch/v1/jobs');
  const pods = inf<Pod>('/api/v1/pods');
  const config = inf<ConfigMap>('/api/v1/namespaces/kube-system/configmaps?fieldSelector=metadata.name%3Dupgrade-planner-simulator');
  const backups = inf<VeleroBackup>('/apis/velero.io/v1/backups');
  const informers = [nodes, plans, deployments, clusters, jobs, pods, config, backups];
  await Promise.all(informers.map((i) => i.start()));
  // Alerts as kube-prometheus would raise them; tests read the URL from <run-dir>/prometheus.url.
  const prometheus = await startPrometheus(nodes, clusters, config, log);
  if (runDir) writeFileSync(join(runDir, 'prometheus.url'), prometheus.url);

  const planSim = new PlanSimulator(kube, plans, nodes, deployments, jobs, pods, new Drainer(kube, pods, log), log);
  const rookSim = new RookSimulator(kube, deployments, clusters, log);
  const jobSim = new JobSimulator(kube, jobs, pods, nodes, log);
  const veleroSim = new VeleroSimulator(kube, backups, deployments, pods, log);
  const pressureSim = new PressureSimulator(kube, nodes, log);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    for (const i of informers) i.stop();
    kube.close();
    void prometheus.close();
    if (runDir) rmSync(join(runDir, 'simulator.ready'), { force: true });
    if (runDir) rmSync(join(runDir, 'prometheus.url'), { force: true });
    log('simulator stopped');
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  if (runDir) writeFileSync(join(runDir, 'simulator.ready'), String(process.pid));
  log('simulator ready');

  // Reconcile on every change, and at least every tick for timed steps; never two passes at once.
  let lastPass = 0;
  let busy = true; // timed steps pending: poll every tick; otherwise wait for watch events
  for (;;) {
    const faults = faultsFrom(config.list()[0]);
    const tick = Math.max(20, Math.min(200, Math.floor(faults.stepDelayMs / 3)));
    if (dirty || (busy && Date.now() - lastPass >= tick)) {
      dirty = false;
      lastPass = Date.now();
      const a = await planSim.reconcile(faults);
      const b = await rookSim.reconcile(faults);
      await jobSim.reconcile(faults);
      const c = await veleroSim.reconcile(faults);
      await pressureSim.reconcile(faults);
      busy = a || b || c;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

main().catch((e: unknown) => {
  log(`simulator failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
