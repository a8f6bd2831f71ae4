// Shared helpers of the cluster tier. scripts/tiers/cluster.mjs starts a real control plane and sets:
//   UP_KUBECONFIG, UP_CONTEXT_ADMIN, UP_CONTEXT_RESTRICTED, UP_CONTEXT_UNREACHABLE, UP_SERVER, UP_CLUSTER_DIR
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import { connect, loadKubeconfig } from '../../src/kube/kubeLayer';

export interface ClusterEnv {
  kubeconfig: string;
  admin: string;
  restricted: string;
  unreachable: string;
  server: string;
}

export function clusterEnv(): ClusterEnv {
  const need = (k: string): string => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is not set: run the cluster tier with "npm run test:cluster"`);
    return v;
  };
  return {
    kubeconfig: need('UP_KUBECONFIG'),
    admin: need('UP_CONTEXT_ADMIN'),
    restricted: need('UP_CONTEXT_RESTRICTED'),
    unreachable: need('UP_CONTEXT_UNREACHABLE'),
    server: need('UP_SERVER'),
  };
}

/** The extension's own connection to the tier's cluster as `context`, its kubeconfig loaded as the extension loads it. */
export async function connectAs(context: string): Promise<Awaited<ReturnType<typeof connect>>> {
  const load = await loadKubeconfig({ files: [clusterEnv().kubeconfig], origin: 'setting' });
  assert.ok(load.ok && load.value.kind === 'loaded');
  return connect(load.value.kubeConfig, context);
}

export function kubeConfig(context?: string): k8s.KubeConfig {
  const env = clusterEnv();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(env.kubeconfig);
  kc.setCurrentContext(context ?? env.admin);
  return kc;
}

export const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

/** Polls until check() returns a value other than undefined/false, or fails with the last observation. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The simulator's live knobs (ConfigMap kube-system/upgrade-planner-simulator). */
export async function setSimulatorKnobs(data: Record<string, string>): Promise<void> {
  const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
  await core.patchNamespacedConfigMap({ name: 'upgrade-planner-simulator', namespace: 'kube-system', body: { data } }, mergePatch);
}

export const defaultKnobs = { stuckNodes: '', cephStuckWarn: 'false', failSnapshotJobs: 'false', veleroBackupOutcome: 'Completed', nodePressure: '', firingAlerts: '', failUpgradeJobs: '' };

/** The base URL of the simulator's Prometheus (cluster/sim/prometheus.ts), which it writes to <run dir>/prometheus.url. */
export function prometheusUrl(): string {
  const dir = process.env.UP_CLUSTER_DIR;
  if (!dir) throw new Error('UP_CLUSTER_DIR is not set: run the cluster tier with "npm run test:cluster"');
  return readFileSync(join(dir, 'prometheus.url'), 'utf8').trim();
}

/**
 * Restarts the cluster's kube-apiserver (cluster/lib/cluster.mjs restartApiServer: same PID file, ports and certs)
 * and resolves once it answers /readyz again, with how long it was away.
 */
export async function restartApiServer(): Promise<{ pid: number; downMs: number; readyMs: number }> {
  const dir = process.env.UP_CLUSTER_DIR;
  if (!dir) throw new Error('UP_CLUSTER_DIR is not set: run the cluster tier with "npm run test:cluster"');
  const lib = (await import(pathToFileURL(join(__dirname, '..', '..', 'cluster', 'lib', 'cluster.mjs')).href)) as {
    restartApiServer(dir: string): Promise<{ pid: number; downMs: number; readyMs: number }>;
  };
  return lib.restartApiServer(dir);
}

export interface PlanObject {
  apiVersion: 'upgrade.cattle.io/v1';
  kind: 'Plan';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  status?: { applying?: string[]; latestHash?: string; latestVersion?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

export const planApi = { group: 'upgrade.cattle.io', version: 'v1', plural: 'plans' } as const;

export function condition(plan: PlanObject | undefined, type: string): { status: string; reason?: string; message?: string } | undefined {
  return plan?.status?.conditions?.find((c) => c.type === type);
}

/** The message of the Kubernetes Status in a client-node ApiException's body (a JSON string or a parsed object). */
export function errorBody(e: k8s.ApiException<unknown>): string {
  let body: unknown = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return body as string;
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : JSON.stringify(body);
}

/**
 * Puts the nodes back as `original` had them (as listed before a suite): versions, cordons, and no
 * `plan.upgrade.cattle.io/…` label, so that the next suite finds the scenario as seeded.
 */
export async function restoreNodes(core: k8s.CoreV1Api, original: readonly k8s.V1Node[]): Promise<void> {
  for (const n of original) {
    const name = n.metadata!.name!;
    const current = await core.readNode({ name });
    const labels = Object.fromEntries(Object.keys(current.metadata!.labels ?? {}).filter((k) => k.startsWith('plan.upgrade.cattle.io/')).map((k) => [k, null]));
    await core.patchNode({ name, body: { metadata: { labels }, spec: { unschedulable: n.spec?.unschedulable ?? null } } }, mergePatch);
    const info = n.status!.nodeInfo!;
    await core.patchNodeStatus({ name, body: { status: { nodeInfo: { kubeletVersion: info.kubeletVersion, kubeProxyVersion: info.kubeProxyVersion } } } }, mergePatch);
  }
}

/**
 * The Plans a suite creates in system-upgrade-controller's namespace: `create` records each name in `created`
 * (for the suite's afterEach to delete), `getPlan` reads one back.
 */
export function suitePlans(custom: k8s.CustomObjectsApi, namespace: string): { created: string[]; create: (p: PlanObject) => Promise<void>; getPlan: (name: string) => Promise<PlanObject> } {
  const created: string[] = [];
  return {
    created,
    create: async (p) => {
      await custom.createNamespacedCustomObject({ ...planApi, namespace, body: p });
      created.push(p.metadata.name);
    },
    getPlan: async (name) => (await custom.getNamespacedCustomObject({ ...planApi, namespace, name })) as PlanObject,
  };
}
