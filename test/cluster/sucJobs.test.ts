// The simulated system-upgrade-controller applies a Plan to each node through a real batch/v1 Job, as upstream
// (rancher/system-upgrade-controller pkg/upgrade/job/job.go): one Job per node, named and labelled as the
// controller names it, run by kube-controller-manager; the node changes only once its Job succeeded; a failed Job
// shows on the Plan; no new Job starts outside the Plan's `window`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { sucPlanWrite } from '../../src/core/run/sucPlans';
import type { RunPhase } from '../../src/core/run/phases';
import { condition, defaultKnobs, kubeConfig, mergePatch, planApi, restoreNodes, setSimulatorKnobs, suitePlans, waitFor, type PlanObject } from './env';

const NS = 'system-upgrade';
const TARGET = 'v1.31.1+k3s1';
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function plan(name: string, node: string, extra: Record<string, unknown> = {}): PlanObject {
  return {
    apiVersion: 'upgrade.cattle.io/v1',
    kind: 'Plan',
    metadata: { name, namespace: NS, labels: { 'upgrade-planner.dev/test': 'suc-jobs' } },
    spec: {
      concurrency: 1,
      cordon: true,
      version: TARGET,
      serviceAccountName: 'system-upgrade',
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': node } },
      upgrade: { image: 'rancher/k3s-upgrade' },
      ...extra,
    },
  };
}

/** The Job name upstream gives (wrangler's SafeConcatName), computed here on its own. */
function expectedJobName(planName: string, node: string, hash: string): string {
  const full = `apply-${planName}-on-${node}-with-${hash}`;
  if (full.length < 64) return full;
  const keep = /[a-z0-9]/.test(full[56]) ? 57 : 56;
  return `${full.slice(0, keep)}-${createHash('sha256').update(full).digest('hex').slice(0, 5)}`;
}

function jobCondition(job: k8s.V1Job, type: string): boolean {
  return Boolean(job.status?.conditions?.some((c) => c.type === type && c.status === 'True'));
}

describe('cluster: system-upgrade-controller upgrade Jobs (simulated)', function () {
  this.timeout(120000);
  const kc = kubeConfig();
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  const { created, create, getPlan } = suitePlans(custom, NS);
  const jobsOf = async (planName: string): Promise<k8s.V1Job[]> => (await batch.listNamespacedJob({ namespace: NS, labelSelector: `upgrade.cattle.io/plan=${planName}` })).items;

  let original: k8s.V1Node[] = [];
  before(async function () {
    original = (await core.listNode()).items;
  });

  // Leave the scenario as it was for other suites: knobs, no Plans of ours (nor their Jobs), nodes as they were.
  afterEach(async function () {
    await setSimulatorKnobs({ ...defaultKnobs, failUpgradeJobs: '' });
    const names = created.splice(0);
    for (const name of names) await custom.deleteNamespacedCustomObject({ ...planApi, namespace: NS, name }).catch(() => undefined);
    for (const name of names) await waitFor(`the Jobs of ${name} gone`, async () => (await jobsOf(name)).length === 0);
    await restoreNodes(core, original);
  });

  it('one Job per node, named and labelled as upstream; the node changes only after it completes; deleting the Plan removes it', async function () {
    const node = 'k3s-agent-3';
    const from = (await core.readNode({ name: node })).status!.nodeInfo!.kubeletVersion;
    assert.notEqual(from, TARGET);
    await create(plan('suc-job-a', node, { jobActiveDeadlineSecs: 120 }));

    // While it applies: exactly one Job, and the node (read before the Job) still on its version.
    const running = await waitFor('the Job of suc-job-a, not yet complete', async () => {
      const n = await core.readNode({ name: node });
      const jobs = await jobsOf('suc-job-a');
      const p = await getPlan('suc-job-a');
      if (jobs.length !== 1 || jobCondition(jobs[0], 'Complete')) return undefined;
      return { n, job: jobs[0], p };
    });
    assert.equal(running.n.status!.nodeInfo!.kubeletVersion, from, 'no version change before the Job succeeded');
    assert.deepEqual(running.p.status?.applying, [node]);
    const hash = running.p.status.latestHash!;
    const job = running.job;
    assert.equal(job.metadata!.name, expectedJobName('suc-job-a', node, hash));
    assert.ok(job.metadata!.name.length <= 63);
    assert.equal(job.metadata!.namespace, NS);
    const labels = job.metadata!.labels!;
    assert.equal(labels['upgrade.cattle.io/plan'], 'suc-job-a');
    assert.equal(labels['upgrade.cattle.io/node'], node);
    assert.equal(labels['plan.upgrade.cattle.io/suc-job-a'], hash);
    assert.equal(labels['upgrade.cattle.io/controller'], 'system-upgrade-controller');
    assert.equal(labels['upgrade.cattle.io/version'], 'v1.31.1-k3s1', 'the version munged into a label value');
    assert.equal(job.spec!.activeDeadlineSeconds, 120, 'from jobActiveDeadlineSecs');
    const pod = job.spec!.template.spec!;
    const pinned = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0].matchExpressions ?? [];
    assert.deepEqual(pinned.map((e) => [e.key, e.operator, e.values]), [['kubernetes.io/hostname', 'In', [node]]]);
    assert.deepEqual((pod.initContainers ?? []).map((c) => [c.name, c.args]), [['cordon', ['cordon', node]]]);
    assert.deepEqual(pod.containers.map((c) => [c.name, c.image]), [['upgrade', 'rancher/k3s-upgrade:v1.31.1-k3s1']]);
    assert.equal(pod.serviceAccountName, 'system-upgrade');
    assert.ok(pod.tolerations?.some((t) => t.key === 'node.kubernetes.io/unschedulable' && t.operator === 'Exists'), 'runs on the node it cordoned');

    // The Job controller runs it: a pod on the node, then Complete; then the node is upgraded, labelled, uncordoned.
    const pods = await waitFor('the Job pod on the node', async () => {
      const items = (await core.listNamespacedPod({ namespace: NS, labelSelector: `job-name=${job.metadata!.name!}` })).items;
      return items.length ? items : undefined;
    });
    assert.equal(pods[0].spec?.nodeName, node);
    await waitFor('the Job complete', async () => jobCondition((await jobsOf('suc-job-a'))[0], 'Complete'), 30000);
    await waitFor('the Plan complete', async () => condition(await getPlan('suc-job-a'), 'Complete')?.status === 'True', 30000);
    const n = await core.readNode({ name: node });
    assert.equal(n.status!.nodeInfo!.kubeletVersion, TARGET);
    assert.equal(n.metadata!.labels!['plan.upgrade.cattle.io/suc-job-a'], hash);
    assert.equal(Boolean(n.spec?.unschedulable), false, 'uncordoned');
    assert.equal((await jobsOf('suc-job-a')).length, 1, 'still exactly one Job');

    // The Plan deleted: the controller deletes its Jobs.
    await custom.deleteNamespacedCustomObject({ ...planApi, namespace: NS, name: 'suc-job-a' });
    await waitFor('the Job of the deleted Plan gone', async () => (await jobsOf('suc-job-a')).length === 0);
  });

  it('fault knob failUpgradeJobs: the Job fails, the Plan says JobFailed naming the node, which keeps its version and stays cordoned', async function () {
    const node = 'k3s-agent-4';
    const from = (await core.readNode({ name: node })).status!.nodeInfo!.kubeletVersion;
    await setSimulatorKnobs({ failUpgradeJobs: node });
    await create(plan('suc-job-b', node));

    const seen = await waitFor('JobFailed with its failed Job', async () => {
      const p = await getPlan('suc-job-b');
      if (condition(p, 'Complete')?.reason !== 'JobFailed') return undefined;
      const failed = (await jobsOf('suc-job-b')).find((j) => jobCondition(j, 'Failed'));
      return failed ? { p, failed } : undefined;
    }, 60000);
    const c = condition(seen.p, 'Complete')!;
    assert.equal(c.status, 'False');
    assert.match(c.message ?? '', new RegExp(`Job ${NS}/${seen.failed.metadata!.name!} failed on Node ${node}: BackoffLimitExceeded`));
    assert.deepEqual(seen.p.status?.applying, [node]);
    assert.equal(seen.failed.metadata!.labels!['upgrade.cattle.io/node'], node);
    const n = await core.readNode({ name: node });
    assert.equal(n.status!.nodeInfo!.kubeletVersion, from, 'not upgraded');
    assert.equal(n.spec?.unschedulable, true, 'left cordoned, as the controller leaves it');
    assert.equal(n.metadata!.labels?.['plan.upgrade.cattle.io/suc-job-b'], undefined);

    // The fault cleared: once the failed Job's (compressed) TTL is over, a new Job upgrades the node.
    await setSimulatorKnobs({ failUpgradeJobs: '' });
    await waitFor('the node upgraded by a new Job', async () => {
      const m = await core.readNode({ name: node });
      return m.status!.nodeInfo!.kubeletVersion === TARGET && !m.spec?.unschedulable;
    }, 60000);
    assert.equal(condition(await getPlan('suc-job-b'), 'Complete')?.status, 'True');
  });

  it('spec.window closed now: no Job and the node untouched, the Plan waits; the window opened: it proceeds', async function () {
    const node = 'k3s-agent-1';
    const before = await core.readNode({ name: node });
    const today = new Date().getUTCDay();
    const closed = { days: [WEEKDAYS[(today + 3) % 7]], startTime: '00:00', endTime: '23:59', timeZone: 'UTC' };
    await create(plan('suc-job-c', node, { window: closed }));

    const waiting = await waitFor('the Plan waiting for its window', async () => {
      const p = await getPlan('suc-job-c');
      return condition(p, 'Complete')?.reason === 'Waiting' ? p : undefined;
    });
    assert.equal(condition(waiting, 'Complete')?.status, 'False');
    assert.deepEqual(waiting.status?.applying ?? [], []);
    assert.deepEqual(await jobsOf('suc-job-c'), []);
    const n = await core.readNode({ name: node });
    assert.equal(n.status!.nodeInfo!.kubeletVersion, before.status!.nodeInfo!.kubeletVersion);
    assert.equal(Boolean(n.spec?.unschedulable), Boolean(before.spec?.unschedulable), 'not cordoned');

    // Open today (and tomorrow, should the test run over midnight UTC).
    const open = { ...closed, days: [WEEKDAYS[today], WEEKDAYS[(today + 1) % 7]] };
    await custom.patchNamespacedCustomObject({ ...planApi, namespace: NS, name: 'suc-job-c', body: { spec: { window: open } } }, mergePatch);
    await waitFor('a Job for the node', async () => (await jobsOf('suc-job-c')).length === 1);
    await waitFor('the Plan complete', async () => condition(await getPlan('suc-job-c'), 'Complete')?.status === 'True', 30000);
    assert.equal((await core.readNode({ name: node })).status!.nodeInfo!.kubeletVersion, TARGET);
  });

  // A K3s Plan built with the plan's images.pinByDigest (core/run sucPlanWrite): the simulated controller follows
  // upstream's container.WithLatestTag (a tag is added only to an image with neither tag nor digest).
  it('a Plan pinned by digest runs its upgrade Job with rancher/k3s-upgrade:<tag>@sha256 as it is; the version still labels the Job and reaches the node', async function () {
    const node = 'k3s-agent-2';
    const digest = `sha256:${'5eed'.repeat(16)}`;
    const hop = { index: 1, component: 'k3s' as const, version: TARGET, from: undefined };
    const phase: Extract<RunPhase, { kind: 'k3s-canary' }> = {
      kind: 'k3s-canary', id: 'hop-1/k3s-canary', hop, title: 'K3s canary agents', sucPlan: 'pinned-canary', canary: { by: 'names', nodes: [node] }, nodes: [node], actions: [],
    };
    const pinned = { metadata: { name: 'pinned' }, strategy: {}, images: { pinByDigest: true, digests: { 'rancher/k3s-upgrade:v1.31.1-k3s1': digest } } };
    const built = sucPlanWrite({ plan: pinned, runId: '20261128-000000-pin001', namespace: NS }, phase, undefined);
    assert.ok(built.ok, built.ok ? '' : built.error);
    const body = built.value.write.body as PlanObject & { spec: { upgrade: { image: string } } };
    assert.equal(body.spec.upgrade.image, `rancher/k3s-upgrade:v1.31.1-k3s1@${digest}`);
    await create(body);

    const job = await waitFor('the upgrade Job of pinned-canary', async () => (await jobsOf('pinned-canary'))[0]);
    assert.equal(job.metadata!.labels!['upgrade.cattle.io/node'], node);
    assert.equal(job.metadata!.labels!['upgrade.cattle.io/version'], 'v1.31.1-k3s1');
    assert.deepEqual(job.spec!.template.spec!.containers.map((c) => [c.name, c.image]), [['upgrade', `rancher/k3s-upgrade:v1.31.1-k3s1@${digest}`]]);
    await waitFor('the Plan complete', async () => condition(await getPlan('pinned-canary'), 'Complete')?.status === 'True', 60000);
    assert.equal((await core.readNode({ name: node })).status!.nodeInfo!.kubeletVersion, TARGET);
  });
});
