// system-upgrade-controller, as far as the extension can observe it: for each Plan, the selected nodes whose
// plan.upgrade.cattle.io/<plan> label is not the plan's hash are upgraded, at most `concurrency` at a time
// (status.applying), each: wait for the prepare dependency (`prepare: {args: [prepare, <plan>]}`, as the
// k3s-upgrade image does), cordon (cordon or drain), drain (evictions through the API server, see drain.ts; a
// drain that fails or times out fails the node's Job: Complete False/JobFailed), set the kubelet version
// (nodes/status), label with the plan hash, uncordon. Plan status carries latestVersion, latestHash, applying
// and the conditions LatestResolved, Validated and Complete.
import { createHash } from 'node:crypto';
import type { Drainer } from './drain';
import { Informer, selects, type Kube } from './kube';
import type { Condition, Deployment, Faults, Node, Plan } from './types';

const LABEL_PREFIX = 'plan.upgrade.cattle.io/';
type Step = 'prepare' | 'cordon' | 'drain' | 'upgrade' | 'label' | 'uncordon' | 'failed';

interface Progress {
  step: Step;
  at: number;
  started: number;
  cordoned: boolean;
  /** When the drain started (after the cordon). */
  drainStarted?: number;
  /** Why the node's Job failed (step 'failed': the node stays cordoned, the Plan says JobFailed). */
  failed?: string;
}

export function planHash(plan: Plan, latestVersion: string): string {
  // The real controller hashes the spec and the resolved version (sha224, fits a label value).
  return createHash('sha224').update(JSON.stringify(plan.spec)).update(latestVersion).digest('hex');
}

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function setCondition(conds: Condition[], c: Condition): Condition[] {
  const prev = conds.find((x) => x.type === c.type);
  const now = nowIso();
  const next: Condition = {
    ...c,
    lastUpdateTime: prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message ? prev.lastUpdateTime : now,
    lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now,
  };
  return [...conds.filter((x) => x.type !== c.type), next];
}

export class PlanSimulator {
  private readonly progress = new Map<string, Progress>(); // "<ns>/<plan>/<node>"

  constructor(
    private readonly kube: Kube,
    private readonly plans: Informer<Plan>,
    private readonly nodes: Informer<Node>,
    private readonly deployments: Informer<Deployment>,
    private readonly drainer: Drainer,
    private readonly log: (s: string) => void,
  ) {}

  /** The controller acts only when its Deployment exists, as a real cluster needs it installed. */
  private controllerInstalled(): boolean {
    return this.deployments.list().some((d) => d.metadata.name === 'system-upgrade-controller' || d.metadata.labels?.['app.kubernetes.io/name'] === 'system-upgrade-controller');
  }

  private planComplete(ns: string, name: string): boolean {
    const p = this.plans.cache.get(`${ns}/${name}`);
    return Boolean(p?.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True'));
  }

  /** Returns true while timed steps are pending. */
  async reconcile(faults: Faults): Promise<boolean> {
    if (!this.controllerInstalled()) return false;
    const live = new Set<string>();
    for (const plan of this.plans.list()) {
      try {
        await this.reconcilePlan(plan, faults, live);
      } catch (e) {
        this.log(`plan ${Informer.key(plan)}: ${String(e)}`);
      }
    }
    for (const k of [...this.progress.keys()]) if (!live.has(k)) this.progress.delete(k);
    return this.progress.size > 0 || this.plans.list().some((p) => (p.status?.applying ?? []).length > 0);
  }

  private async reconcilePlan(plan: Plan, faults: Faults, live: Set<string>): Promise<void> {
    if (plan.metadata.deletionTimestamp) return;
    const ns = plan.metadata.namespace ?? 'default';
    const name = plan.metadata.name;
    const path = `/apis/upgrade.cattle.io/v1/namespaces/${ns}/plans/${name}/status`;
    let conds = plan.status?.conditions ?? [];

    if (!plan.spec.version) {
      conds = setCondition(conds, plan.spec.channel
        ? { type: 'LatestResolved', status: 'False', reason: 'Error', message: 'the simulator cannot resolve a channel offline: set spec.version' }
        : { type: 'Validated', status: 'False', reason: 'Error', message: 'spec.version or spec.channel must be set' });
      await this.writeStatus(plan, path, { ...plan.status, conditions: conds, applying: [] });
      return;
    }
    const latestVersion = plan.spec.version;
    const hash = planHash(plan, latestVersion);
    const label = `${LABEL_PREFIX}${name}`;
    const selected = this.nodes.list().filter((n) => selects(plan.spec.nodeSelector, n.metadata.labels)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const inFlight = (n: Node): boolean => this.progress.has(`${ns}/${name}/${n.metadata.name}/${hash}`);
    const pending = selected.filter((n) => n.metadata.labels?.[label] !== hash || inFlight(n));
    const concurrency = Math.max(1, plan.spec.concurrency ?? 1);

    // Keep nodes already applying, fill up to the concurrency in name order.
    const prevApplying = (plan.status?.latestHash === hash ? plan.status?.applying ?? [] : []).filter((n) => pending.some((p) => p.metadata.name === n));
    const applying = [...prevApplying];
    for (const n of pending) {
      if (applying.length >= concurrency) break;
      if (!applying.includes(n.metadata.name)) applying.push(n.metadata.name);
    }

    const dep = plan.spec.prepare?.args?.[0] === 'prepare' ? plan.spec.prepare.args[1] : undefined;
    const step = faults.stepDelayMs;
    const now = Date.now();
    let failedMessage: string | undefined;
    for (const nodeName of applying) {
      const key = `${ns}/${name}/${nodeName}/${hash}`;
      live.add(key);
      let p = this.progress.get(key);
      if (!p) {
        p = { step: 'prepare', at: now, started: now, cordoned: false };
        this.progress.set(key, p);
        continue;
      }
      const node = this.nodes.cache.get(nodeName);
      if (!node) continue;
      if (p.step === 'failed') {
        failedMessage = p.failed;
        continue;
      }
      const deadline = plan.spec.jobActiveDeadlineSecs;
      if (deadline && now - p.started > deadline * 1000 && p.step !== 'prepare') failedMessage = `Job was active longer than specified deadline on node ${nodeName}`;
      if (now - p.at < step) continue;
      const nodePath = `/api/v1/nodes/${nodeName}`;
      switch (p.step) {
        case 'prepare':
          if (dep && !this.planComplete(ns, dep)) break; // k3s-upgrade's prepare waits for the server plan
          p.step = 'cordon';
          p.at = now;
          break;
        case 'cordon':
          if ((plan.spec.cordon || plan.spec.drain) && !node.spec?.unschedulable) {
            await this.patchNode(nodePath, { spec: { unschedulable: true } });
            p.cordoned = true;
            this.log(`${name}: cordoned ${nodeName}`);
          }
          p.step = plan.spec.drain ? 'drain' : 'upgrade';
          p.at = now;
          p.drainStarted = now;
          break;
        case 'drain': {
          const d = await this.drainer.drain(nodeName, plan.spec.drain ?? {}, p.drainStarted ?? now, now);
          p.at = now;
          if (d.state === 'drained') p.step = 'upgrade';
          else if (d.state === 'failed') {
            p.step = 'failed';
            p.failed = failedMessage = `Job has failed on node ${nodeName}: ${d.message}`;
            this.log(`${name}: ${p.failed}`);
          }
          break;
        }
        case 'upgrade':
          if (faults.stuckNodes.has(nodeName)) break; // fault knob: the upgrade job never finishes
          await this.patchNode(`${nodePath}/status`, { status: { nodeInfo: { kubeletVersion: latestVersion, kubeProxyVersion: latestVersion } } });
          this.log(`${name}: ${nodeName} now runs ${latestVersion}`);
          p.step = 'label';
          p.at = now;
          break;
        case 'label':
          await this.patchNode(nodePath, { metadata: { labels: { [label]: hash } } });
          p.step = 'uncordon';
          p.at = now;
          break;
        case 'uncordon':
          if (p.cordoned) await this.patchNode(nodePath, { spec: { unschedulable: null } });
          this.log(`${name}: ${nodeName} done`);
          this.progress.delete(key);
          break;
      }
    }

    // Status as the controller writes it.
    const stillPending = pending.filter((n) => this.nodes.cache.get(n.metadata.name)?.metadata.labels?.[label] !== hash || inFlight(n));
    conds = setCondition(conds, { type: 'LatestResolved', status: 'True', reason: 'Version', message: '' });
    conds = setCondition(conds, { type: 'Validated', status: 'True', reason: 'PlanIsValid', message: '' });
    if (failedMessage) conds = setCondition(conds, { type: 'Complete', status: 'False', reason: 'JobFailed', message: failedMessage });
    else if (stillPending.length === 0) conds = setCondition(conds, { type: 'Complete', status: 'True', reason: 'Complete', message: '' });
    else conds = setCondition(conds, { type: 'Complete', status: 'False', reason: 'Applying', message: '' });
    const status = { ...plan.status, latestVersion, latestHash: hash, applying: applying.filter((n) => stillPending.some((p) => p.metadata.name === n)), conditions: conds };
    await this.writeStatus(plan, path, status);
  }

  private async patchNode(path: string, patch: unknown): Promise<void> {
    const updated = await this.kube.mergePatch<Node>(path, patch);
    this.nodes.cache.set(updated.metadata.name, updated);
  }

  private async writeStatus(plan: Plan, path: string, status: Plan['status']): Promise<void> {
    const norm = (s: unknown): string => JSON.stringify(s ?? {});
    if (norm(plan.status) === norm(status)) return;
    const updated = await this.kube.mergePatch<Plan>(path, { status: { ...status, applying: status?.applying ?? [] } });
    this.plans.cache.set(Informer.key(updated), updated);
  }
}
