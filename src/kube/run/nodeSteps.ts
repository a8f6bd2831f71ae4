import type { NodeProgress, NodeStep } from '../../core/run/progress';
import type { RunRecorder } from './runJournal';

/** The steps of a phase's nodes the journal holds already. */
export type KnownNodeSteps = readonly { readonly node: string; readonly step: NodeStep }[];

/**
 * Journals the nodes of a K3s phase as they move (cordoned, upgrading, done): one `node-step` entry per
 * change, so the Run view can show each node with its times, in this window or after a reload. A watch
 * callback is synchronous, so `see` queues the entries in order and `flush` waits for them; a journal
 * that cannot be written is reported by `flush` (the phase then fails, as every other unwritable step).
 */
export class NodeStepJournal {
  private readonly last = new Map<string, NodeStep>();
  private chain: Promise<string | undefined> = Promise.resolve(undefined);

  /** `known`: the steps the journal holds already for this phase (a resume), not written again. */
  constructor(
    private readonly recorder: RunRecorder,
    private readonly phaseId: string,
    known: KnownNodeSteps = [],
  ) {
    for (const k of known) this.last.set(k.node, k.step);
  }

  /** Queues an entry for each node whose step changed; a node still pending that never moved is not written. */
  see(nodes: readonly NodeProgress[]): void {
    for (const n of nodes) {
      const before = this.last.get(n.node);
      if (before === n.step || (before === undefined && n.step === 'pending')) continue;
      this.last.set(n.node, n.step);
      const body = { type: 'node-step' as const, phaseId: this.phaseId, node: n.node, step: n.step, ...(n.version ? { version: n.version } : {}) };
      this.chain = this.chain.then(async (failed) => {
        if (failed) return failed;
        const r = await this.recorder.record(body);
        return r.ok ? undefined : r.error;
      });
    }
  }

  /** Waits for the queued entries: the journal's error when one could not be written. */
  flush(): Promise<string | undefined> {
    return this.chain;
  }
}
