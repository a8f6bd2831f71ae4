// system-upgrade-controller, as far as the extension can observe it: for each Plan, the selected nodes whose
// plan.upgrade.cattle.io/<plan> label is not the plan's hash are upgraded, at most `concurrency` at a time
// (status.applying), each by a real batch/v1 Job (sucJob.ts) that kube-controller-manager runs and kwok's stages
// end when the simulator gives its pod a verdict. While the Job's pod runs, the simulator plays its containers:
// wait for the prepare dependency (`prepare: {args: [prepare, <plan>]}`, as the k3s-upgrade image does), cordon
// (cordon or drain), drain (evictions through the API server, see drain.ts; a failed drain fails the pod), then the
// upgrade container ends the pod (Succeeded, or Failed with the failUpgradeJobs knob; never with stuckNodes). When
// the Job controller marks the Job Complete the node gets its kubelet version (nodes/status), the plan hash label
// and is uncordoned; a Failed Job (pod failure or activeDeadlineSeconds) leaves the node cordoned and the Plan says
// Complete False/JobFailed. `spec.window`: no new Job starts outside it while no node is applying. Plan status
// carries latestVersion, latestHash, applying and the conditions LatestResolved, Validated and Complete.
import { createHash } from 'node:crypto';
import type { Drainer } from './drain';
import { OUTCOME } from './jobs';
import { HttpError, Informer, selects, type Kube } from './kube';
import { CONTROLLER_NAME, LABEL_CONTROLLER, LABEL_NODE, LABEL_PLAN, PLAN_LABEL_PREFIX, upgradeJob, upgradeJobName } from './sucJob';
import { windowContains } from './sucWindow';
import type { Condition, Deployment, Faults, Job, Node, Plan, Pod } from './types';

/**
 * How long a failed upgrade Job stays before the controller deletes it and starts the node again, in steps.
 * Upstream that is the Job's TTL (SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH, 900 s); compressed here as the
 * other durations are.
 */
const FAILED_JOB_TTL_STEPS = 20;

/**
 * Where a node stands in its Job: 'job' until the Job's pod runs; 'prepare', 'cordon', 'drain', 'upgrade' are the
 * pod's containers; 'finishing' waits for the Job controller's verdict; 'label' after success; 'failed' after a
 * failed Job.
 */
type Step = 'job' | 'prepare' | 'cordon' | 'drain' | 'upgrade' | 'finishing' | 'label' | 'failed';

interface Progress {
  step: Step;
  at: number;
  cordoned: boolean;
  jobName: string;
  /** The Job was created (or found) by this attempt. */
  created?: boolean;
  /** The uid of the failed Job this attempt replaces: wait until it is gone. */
  replaces?: string;
  /** When the drain started (after the cordon). */
  drainStarted?: number;
  /** What a failed container printed (the drain's error), added to the Plan's message. */
  detail?: string;
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

function jobCondition(job: Job, type: 'Complete' | 'Failed'): Condition | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

export class PlanSimulator {
  private readonly progress = new Map<string, Progress>(); // "<ns>/<plan>/<node>/<hash>"
  /** Jobs asked to go (uid), so a delete is sent once. */
  private readonly deleting = new Set<string>();
  /** Plans waiting for their window ("<ns>/<plan>"), to log once and to keep polling the clock. */
  private readonly waiting = new Set<string>();

  constructor(
    private readonly kube: Kube,
    private readonly plans: Informer<Plan>,
    private readonly nodes: Informer<Node>,
    private readonly deployments: Informer<Deployment>,
    private readonly jobs: Informer<Job>,
    private readonly pods: Informer<Pod>,
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
    await this.collectJobs();
    return this.progress.size > 0 || this.waiting.size > 0 || this.plans.list().some((p) => (p.status?.applying ?? []).length > 0);
  }

  /**
   * The controller's Job handler: a Job whose Plan is gone, whose hash is no longer the Plan's, or that still runs
   * for a node no longer applied, is deleted (propagation Background: the garbage collector takes its pods).
   */
  private async collectJobs(): Promise<void> {
    for (const job of this.jobs.list()) {
      const labels = job.metadata.labels ?? {};
      if (labels[LABEL_CONTROLLER] !== CONTROLLER_NAME || job.metadata.deletionTimestamp || this.deleting.has(job.metadata.uid ?? '')) continue;
      const ns = job.metadata.namespace ?? 'default';
      const planName = labels[LABEL_PLAN] ?? '';
      const plan = this.plans.cache.get(`${ns}/${planName}`);
      const hash = labels[`${PLAN_LABEL_PREFIX}${planName}`];
      const current = plan?.spec.version && !plan.metadata.deletionTimestamp ? planHash(plan, plan.spec.version) : undefined;
      const finished = Boolean(jobCondition(job, 'Complete') ?? jobCondition(job, 'Failed'));
      let why: string | undefined;
      if (!current) why = 'its Plan is gone';
      else if (hash !== current) why = 'its Plan changed';
      else if (!finished && !this.progress.has(`${ns}/${planName}/${labels[LABEL_NODE] ?? ''}/${hash}`)) why = 'its node is no longer applying';
      if (why) await this.deleteJob(job, why);
    }
  }

  private async deleteJob(job: Job, why: string): Promise<void> {
    this.deleting.add(job.metadata.uid ?? '');
    try {
      await this.kube.request('DELETE', `/apis/batch/v1/namespaces/${job.metadata.namespace}/jobs/${job.metadata.name}`, { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
      this.log(`deleted Job ${Informer.key(job)}: ${why}`);
    } catch (e) {
      if (!(e instanceof HttpError && e.status === 404)) {
        this.deleting.delete(job.metadata.uid ?? '');
        throw e;
      }
    }
  }

  /** The running pod of a Job (not terminating), if the Job controller made one and it runs. */
  private runningPod(job: Job): Pod | undefined {
    return this.pods.list().find((p) => p.metadata.ownerReferences?.some((o) => o.uid === job.metadata.uid) && !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
  }

  /** Ends the Job's pod as its containers would: kwok's pod-complete / pod-failed stages act on the verdict. */
  private async endPod(job: Job, outcome: 'Succeeded' | 'Failed'): Promise<boolean> {
    const pod = this.runningPod(job);
    if (!pod) return false;
    const updated = await this.kube.mergePatch<Pod>(`/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`, { metadata: { annotations: { [OUTCOME]: outcome } } });
    this.pods.cache.set(Informer.key(updated), updated);
    this.log(`job ${Informer.key(job)}: pod ${pod.metadata.name} → ${outcome}`);
    return true;
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
    const label = `${PLAN_LABEL_PREFIX}${name}`;
    const selected = this.nodes.list().filter((n) => selects(plan.spec.nodeSelector, n.metadata.labels)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const inFlight = (n: Node): boolean => this.progress.has(`${ns}/${name}/${n.metadata.name}/${hash}`);
    const pending = selected.filter((n) => n.metadata.labels?.[label] !== hash || inFlight(n));
    const concurrency = Math.max(1, plan.spec.concurrency ?? 1);
    const now = Date.now();

    // Keep nodes already applying, fill up to the concurrency in name order. As upstream, the window is looked at
    // only while no node is applying: a rollout under way goes on past the window's end.
    const prevApplying = (plan.status?.latestHash === hash ? plan.status?.applying ?? [] : []).filter((n) => pending.some((p) => p.metadata.name === n));
    const applying = [...prevApplying];
    const window = plan.spec.window;
    const waiting = Boolean(window) && (plan.status?.applying ?? []).length === 0 && pending.length > 0 && !windowContains(window ?? {}, new Date(now));
    const planKey = `${ns}/${name}`;
    if (waiting && !this.waiting.has(planKey)) this.log(`${name}: outside its window, no new upgrade Job (${JSON.stringify(window)})`);
    if (waiting) this.waiting.add(planKey);
    else this.waiting.delete(planKey);
    for (const n of waiting ? [] : pending) {
      if (applying.length >= concurrency) break;
      if (!applying.includes(n.metadata.name)) applying.push(n.metadata.name);
    }

    let failedMessage: string | undefined;
    for (const nodeName of applying) {
      const key = `${ns}/${name}/${nodeName}/${hash}`;
      live.add(key);
      const node = this.nodes.cache.get(nodeName);
      if (!node) continue;
      let p = this.progress.get(key);
      if (!p) {
        p = { step: 'job', at: now, cordoned: false, jobName: upgradeJobName(name, nodeName, hash) };
        this.progress.set(key, p);
      }
      const job = this.jobs.cache.get(`${ns}/${p.jobName}`);
      failedMessage = (await this.stepNode(plan, node, hash, p, job, faults, now)) ?? failedMessage;
    }

    // Status as the controller writes it.
    const stillPending = pending.filter((n) => this.nodes.cache.get(n.metadata.name)?.metadata.labels?.[label] !== hash || inFlight(n));
    conds = setCondition(conds, { type: 'LatestResolved', status: 'True', reason: 'Version', message: '' });
    conds = setCondition(conds, { type: 'Validated', status: 'True', reason: 'PlanIsValid', message: '' });
    if (failedMessage) conds = setCondition(conds, { type: 'Complete', status: 'False', reason: 'JobFailed', message: failedMessage });
    else if (stillPending.length === 0) conds = setCondition(conds, { type: 'Complete', status: 'True', reason: 'Complete', message: '' });
    else if (waiting) conds = setCondition(conds, { type: 'Complete', status: 'False', reason: 'Waiting', message: 'current time is not within the Plan\'s Spec.Window: no new upgrade Job starts' });
    else conds = setCondition(conds, { type: 'Complete', status: 'False', reason: 'Applying', message: '' });
    const status = { ...plan.status, latestVersion, latestHash: hash, applying: applying.filter((n) => stillPending.some((p) => p.metadata.name === n)), conditions: conds };
    await this.writeStatus(plan, path, status);
  }

  /** One pass over one node's Job; returns the Plan's JobFailed message while its Job has failed. */
  private async stepNode(plan: Plan, node: Node, hash: string, p: Progress, job: Job | undefined, faults: Faults, now: number): Promise<string | undefined> {
    const name = plan.metadata.name;
    const ns = plan.metadata.namespace ?? 'default';
    const nodeName = node.metadata.name;
    const key = `${ns}/${name}/${nodeName}/${hash}`;
    const nodePath = `/api/v1/nodes/${nodeName}`;
    const step = faults.stepDelayMs;

    // The Job controller's verdict ends the node's Job at any step (activeDeadlineSeconds counts from its start).
    if (job && job.metadata.uid !== p.replaces && p.step !== 'failed' && p.step !== 'label') {
      const failed = jobCondition(job, 'Failed');
      if (failed) {
        p.step = 'failed';
        p.at = now;
        p.failed = `Job ${ns}/${job.metadata.name} failed on Node ${nodeName}: ${failed.reason ?? 'Failed'}: ${failed.message ?? ''}${p.detail ? ` (${p.detail})` : ''}`;
        this.log(`${name}: ${p.failed}`);
        return p.failed;
      }
      if (jobCondition(job, 'Complete')) {
        await this.patchNode(`${nodePath}/status`, { status: { nodeInfo: { kubeletVersion: plan.spec.version, kubeProxyVersion: plan.spec.version } } });
        this.log(`${name}: Job ${job.metadata.name} complete, ${nodeName} now runs ${plan.spec.version}`);
        p.step = 'label';
        p.at = now;
        return undefined;
      }
    }
    if (p.step === 'failed') {
      // The controller keeps a failed Job until its TTL, then the node is tried again with a new one.
      if (now - p.at >= FAILED_JOB_TTL_STEPS * step) {
        if (job) await this.deleteJob(job, 'failed, its TTL is over');
        this.progress.set(key, { step: 'job', at: now, cordoned: p.cordoned, jobName: p.jobName, replaces: job?.metadata.uid });
        return undefined;
      }
      return p.failed;
    }
    if (now - p.at < step && p.step !== 'job') return undefined;
    switch (p.step) {
      case 'job':
        if (job && job.metadata.uid === p.replaces) break; // the failed one is still going
        if (!job) {
          if (!p.created) await this.createJob(plan, node, hash, p);
          break;
        }
        p.created = true;
        if (!this.runningPod(job)) break; // scheduled by kube-scheduler, started by kwok
        p.step = 'prepare';
        p.at = now;
        break;
      case 'prepare': {
        const dep = plan.spec.prepare?.args?.[0] === 'prepare' ? plan.spec.prepare.args[1] : undefined;
        if (dep && !this.planComplete(ns, dep)) break; // k3s-upgrade's prepare waits for the server plan
        p.step = 'cordon';
        p.at = now;
        break;
      }
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
        else if (d.state === 'failed' && job && (await this.endPod(job, 'Failed'))) {
          p.detail = d.message; // kubectl drain's error, printed by the drain container
          p.step = 'finishing';
        }
        break;
      }
      case 'upgrade':
        if (faults.stuckNodes.has(nodeName)) break; // fault knob: the upgrade container never finishes
        if (job && (await this.endPod(job, faults.failUpgradeJobs.has(nodeName) ? 'Failed' : 'Succeeded'))) {
          p.step = 'finishing';
          p.at = now;
        }
        break;
      case 'finishing':
        break; // the Job controller's verdict is read above
      case 'label':
        // The controller labels the node with the Job's hash and uncordons it in one update.
        await this.patchNode(nodePath, { metadata: { labels: { [`${PLAN_LABEL_PREFIX}${name}`]: hash } }, ...(p.cordoned ? { spec: { unschedulable: null } } : {}) });
        this.log(`${name}: ${nodeName} done`);
        this.progress.delete(key);
        break;
    }
    return undefined;
  }

  private async createJob(plan: Plan, node: Node, hash: string, p: Progress): Promise<void> {
    const ns = plan.metadata.namespace ?? 'default';
    try {
      const created = await this.kube.request<Job>('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, upgradeJob(plan, node, hash, plan.spec.version ?? ''));
      this.jobs.cache.set(Informer.key(created), created);
      this.log(`${plan.metadata.name}: created Job ${ns}/${created.metadata.name} for ${node.metadata.name}`);
    } catch (e) {
      if (!(e instanceof HttpError && e.status === 409)) throw e; // already there: the informer will show it
    }
    p.created = true;
  }

  private async patchNode(path: string, patch: unknown): Promise<void> {
    const updated = await this.kube.mergePatch<Node>(path, patch);
    this.nodes.cache.set(updated.metadata.name, updated);
  }

  private async writeStatus(plan: Plan, path: string, status: Plan['status']): Promise<void> {
    const norm = (s: unknown): string => JSON.stringify(s ?? {});
    if (norm(plan.status) === norm(status)) return;
    try {
      const updated = await this.kube.mergePatch<Plan>(path, { status: { ...status, applying: status?.applying ?? [] } });
      this.plans.cache.set(Informer.key(updated), updated);
    } catch (e) {
      // Gone from the API server though the watch has not said so yet: forget it, as its DELETED event would.
      if (e instanceof HttpError && e.status === 404) {
        this.plans.cache.delete(Informer.key(plan));
        this.log(`plan ${Informer.key(plan)} is gone: forgotten`);
        return;
      }
      throw e;
    }
  }
}
