import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The cluster a bench runs against. */
export interface BenchCluster {
  kubeconfig: string;
  contexts: { admin: string };
  stop(): Promise<void>;
  /** Started by the bench (stopped at the end), not a running cluster given by UP_KUBECONFIG (put back as it was). */
  own: boolean;
}

const root = join(__dirname, '..');

/**
 * The running cluster UP_KUBECONFIG and UP_CONTEXT_ADMIN point at, else a new one of `scenario` in
 * .test-runs/bench-<name>-*, started through cluster/lib/cluster.mjs (its log lines on stderr).
 */
export async function benchCluster(name: string, scenario: string, simulate: boolean): Promise<BenchCluster> {
  if (process.env.UP_KUBECONFIG && process.env.UP_CONTEXT_ADMIN) {
    return { kubeconfig: process.env.UP_KUBECONFIG, contexts: { admin: process.env.UP_CONTEXT_ADMIN }, stop: () => Promise.resolve(), own: false };
  }
  const lib = (await import(pathToFileURL(join(root, 'cluster', 'lib', 'cluster.mjs')).href)) as {
    startCluster(o: { scenario: string; dir: string; simulate: boolean; log?: (s: string) => void }): Promise<Omit<BenchCluster, 'own'>>;
  };
  mkdirSync(join(root, '.test-runs'), { recursive: true });
  const dir = mkdtempSync(join(root, '.test-runs', `bench-${name}-`));
  return { ...(await lib.startCluster({ scenario, dir, simulate, log: (s) => process.stderr.write(`[cluster] ${s}\n`) })), own: true };
}
