/**
 * The Kubernetes layer: everything that needs @kubernetes/client-node. esbuild bundles it as a
 * separate file (dist/kubeLayer.js) that the extension requires on first use (see lazy.ts and
 * esbuild.mjs), so that activation does not parse the client's megabytes.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from './client';
import { createTransport } from './transport';

export { loadKubeconfig } from './contexts';
export { discover } from './discovery';
export { setCurrentContext } from './currentContext';
export { prepareEtcdSnapshot } from './backups/etcdSnapshot';
export { prepareVeleroBackup } from './backups/velero';
export { prepareManifestExport } from './backups/manifestExport';
export { verifyManifestExport } from './backups/verifyExport';
export { dryRunWrites } from './backups/writes';
export type { DryRunAnswer, PreparedBackup } from './backups/writes';
export type { PreparedExport } from './backups/manifestExport';
export { readRemovedApisInput } from './removedApisForPlan';
export { readPreflightInputs, type PreflightReads } from './preflightReader';
export { RunExecutor, type RunEndKind, type RunResult, type RunSetup } from './run/executor';
export { sendWrite } from './run/runWrites';
export type { RunCallbacks } from './run/context';
export type { CleanupResult } from './run/cleanup';
export { cancelUnfinishedRun, rollBackRun, type WayBackResult, type WayBackSetup, type WayBackStep } from './run/wayBack';

export interface ClusterConnection {
  readonly client: KubeClient;
  readonly requests: () => number;
}

/** A client for one context of a loaded kubeconfig. */
export async function connect(kc: KubeConfig, context: string): Promise<ClusterConnection> {
  const transport = await createTransport(kc, context);
  return { client: new KubeClient(transport), requests: () => transport.requests };
}
