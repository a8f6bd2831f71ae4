import type { ClusterSnapshot } from '../cluster';
import { type KubeVersion, compareKube, parseKubeVersion } from '../versions';
import type { RunJournalState } from './journal';
import type { EtcdSnapshotCandidate } from './etcdSnapshots';
import { type RollbackStep, planDeletion, uncordonStep } from './cancel';
import { rookOperatorImageWrite } from './writes';
import type { Evidence } from '../preflight/result';

/**
 * The way back after a run, honest per component (docs.k3s.io upgrades/roll-back; Rook's upgrade guide):
 * the run's Plans deleted so nothing keeps upgrading, what the run cordoned uncordoned (always); the
 * Rook operator image reverted while Ceph was not bumped after it; Ceph never downgraded; K3s only to a
 * version for which an etcd snapshot of that minor exists, as a runbook with the real names, since a
 * restore stops K3s on every node and runs on the nodes themselves.
 */

/** The phase id a rollback's writes are journalled under (they are not the run's changes to undo). */
export const ROLLBACK_PHASE_ID = 'rollback';

export interface RollbackPlan {
  readonly steps: readonly RollbackStep[];
  /** The K3s restore runbook (markdown), when K3s can be rolled back. */
  readonly runbook: string | undefined;
  /** The snapshot the runbook restores. */
  readonly snapshot: EtcdSnapshotCandidate | undefined;
}

/** The rollback of the run `state` on the cluster as it is now, with the etcd snapshots known (journal and ETCDSnapshotFiles). */
export function rollbackPlan(state: RunJournalState, snapshot: ClusterSnapshot, etcdSnapshots: readonly EtcdSnapshotCandidate[]): RollbackPlan {
  const steps: RollbackStep[] = [state.apply === 'gitops' ? gitPlansStep(state) : planDeletion(state), uncordonStep(state, snapshot), rookStep(state, snapshot), cephStep(state)];
  const k3s = k3sStep(state, snapshot, etcdSnapshots);
  steps.push(k3s.step);
  return { steps, runbook: k3s.runbook, snapshot: k3s.snapshot };
}

/**
 * GitOps mode: the Plans came from git, and a delete through the API would be undone by Flux or Argo CD:
 * they are removed in git (the step says which), and system-upgrade-controller stops when they are gone.
 */
function gitPlansStep(state: RunJournalState): RollbackStep {
  const title = 'Remove the Plans from git';
  const plans = state.appliedFromGit.filter((e) => e.object.kind === 'Plan').map((e) => `${e.object.namespace ?? ''}/${e.object.name}`);
  if (!plans.length) return { id: 'delete-plans', component: 'k3s', title, how: 'nothing', reason: 'no Plan was applied from git during the run', writes: [] };
  return { id: 'delete-plans', component: 'k3s', title, how: 'manual', writes: [], reason: `the Plans came from git: revert the commits of ${plans.join(', ')} (a delete through the API would be undone by Flux or Argo CD)` };
}

/** The run's image changes: its own patches, or in GitOps mode those it saw applied from git. */
const imageChanges = (state: RunJournalState): readonly { object: { kind: string; namespace?: string; name: string }; description: string; before?: Evidence; after?: Evidence; phaseId?: string }[] =>
  state.apply === 'gitops' ? state.appliedFromGit : state.patches;

function rookStep(state: RunJournalState, s: ClusterSnapshot): RollbackStep {
  const title = 'Revert the Rook operator image';
  const changes = imageChanges(state);
  const ops = changes.filter((p) => p.phaseId !== ROLLBACK_PHASE_ID && p.object.kind === 'Deployment' && typeof p.before?.image === 'string' && typeof p.after?.image === 'string');
  const last = ops[ops.length - 1];
  if (!last) return { id: 'rook-operator', component: 'rook', title, how: 'nothing', reason: 'the run did not change the Rook operator', writes: [] };
  const before = last.before?.image as string;
  const after = last.after?.image as string;
  const lastIndex = changes.indexOf(last);
  const cephAfter = changes.slice(lastIndex + 1).find((p) => p.object.kind === 'CephCluster');
  if (cephAfter) {
    return { id: 'rook-operator', component: 'rook', title, how: 'not-possible', writes: [], reason: `Ceph was moved after the operator (${cephAfter.description}): the older operator may not manage the newer Ceph, and Ceph is never downgraded` };
  }
  const op = s.components.rookOperator;
  if (op.state !== 'ok') return { id: 'rook-operator', component: 'rook', title, how: 'not-possible', writes: [], reason: 'the Rook operator could not be read now' };
  if (op.value.image !== after) {
    return { id: 'rook-operator', component: 'rook', title, how: 'not-possible', writes: [], reason: `the operator runs ${op.value.image ?? 'an unknown image'} now, not ${after} as the run left it: someone changed it since; not touched` };
  }
  if (state.apply === 'gitops') {
    return { id: 'rook-operator', component: 'rook', title, how: 'manual', writes: [], reason: `Ceph was not changed since the operator moved to ${after}; the image came from git: set it back to ${before} there (a change through the API would be undone by Flux or Argo CD)` };
  }
  return {
    id: 'rook-operator', component: 'rook', title, how: 'api',
    reason: `Ceph was not changed since the operator moved to ${after}; the operator goes back to ${before} (the newer CRDs stay: they are a superset the older operator ignores)`,
    writes: [rookOperatorImageWrite({ namespace: op.value.namespace, name: op.value.name, image: op.value.image }, before, 'rollback')],
  };
}

function cephStep(state: RunJournalState): RollbackStep {
  const bumped = imageChanges(state).filter((p) => p.object.kind === 'CephCluster');
  if (!bumped.length) return { id: 'ceph', component: 'ceph', title: 'Ceph', how: 'nothing', reason: 'the run did not change the Ceph image', writes: [] };
  return {
    id: 'ceph', component: 'ceph', title: 'Ceph stays', how: 'not-possible', writes: [],
    reason: `Ceph daemons are never downgraded (Rook and Ceph do not support it); the run moved ${bumped.map((p) => `${p.object.namespace}/${p.object.name} to ${String(p.after?.image ?? '?')}`).join(', ')}: fix forward`,
  };
}

interface K3sRollback {
  readonly step: RollbackStep;
  readonly runbook: string | undefined;
  readonly snapshot: EtcdSnapshotCandidate | undefined;
}

function k3sStep(state: RunJournalState, s: ClusterSnapshot, candidates: readonly EtcdSnapshotCandidate[]): K3sRollback {
  const title = 'Roll K3s back';
  const last = state.k3sPhases[state.k3sPhases.length - 1];
  if (!last?.hop) return { step: { id: 'k3s', component: 'k3s', title, how: 'nothing', reason: 'the run did not start upgrading K3s nodes', writes: [] }, runbook: undefined, snapshot: undefined };
  const fromText = last.hop.from ?? startServerVersion(state)?.raw;
  const from = fromText ? parseKubeVersion(fromText) : undefined;
  if (!from?.ok) return { step: { id: 'k3s', component: 'k3s', title, how: 'not-possible', writes: [], reason: 'the K3s version before the hop is not known from the journal' }, runbook: undefined, snapshot: undefined };
  const chosen = snapshotForMinor(state, from.value, candidates);
  const minor = `v${from.value.major}.${from.value.minor}`;
  if (!chosen) {
    return {
      step: {
        id: 'k3s', component: 'k3s', title, how: 'not-possible', writes: [],
        reason: `no etcd snapshot taken on K3s ${minor} is known, and K3s cannot go back from ${last.hop.version} to ${from.value.raw} without one (docs.k3s.io: "Without a backup, a rollback is impossible"); fix forward, or find a ${minor} snapshot`,
      },
      runbook: undefined, snapshot: undefined,
    };
  }
  const runbook = restoreRunbook(state, s, chosen, from.value.raw, last.hop.version);
  return {
    step: { id: 'k3s', component: 'k3s', title: `Roll K3s back to ${from.value.raw}`, how: 'manual', writes: [], reason: `restore etcd snapshot ${chosen.snapshotName} (${minor}) and reinstall K3s ${from.value.raw} on every node: the runbook's steps run on the nodes` },
    runbook, snapshot: chosen,
  };
}

function startServerVersion(state: RunJournalState): KubeVersion | undefined {
  return state.nodesAtStart.filter((n) => n.server).map((n) => parseKubeVersion(n.version)).filter((v) => v.ok).map((v) => v.value).sort(compareKube)[0];
}

/**
 * The newest snapshot taken on the minor of `target`: by its recorded K3s version, else by its time,
 * when the journal shows the servers all ran one version then (after the run started, outside a
 * server phase). A snapshot from before the run without a recorded version is not trusted.
 */
export function snapshotForMinor(state: RunJournalState, target: KubeVersion, candidates: readonly EtcdSnapshotCandidate[]): EtcdSnapshotCandidate | undefined {
  const seen = new Set<string>();
  const fits = candidates.filter((c) => {
    if (seen.has(c.file)) return false;
    seen.add(c.file);
    const v = c.k3sVersion ? parseKubeVersion(c.k3sVersion) : undefined;
    const known = v?.ok ? v.value : c.createdAt ? versionAt(state, c.createdAt) : undefined;
    return known !== undefined && known.major === target.major && known.minor === target.minor;
  });
  return fits.sort((a, b) => Date.parse(b.createdAt ?? '') - Date.parse(a.createdAt ?? ''))[0];
}

/** The servers' version at `at`, when the journal tells it: undefined before the run or while servers were being upgraded. */
function versionAt(state: RunJournalState, at: string): KubeVersion | undefined {
  const t = Date.parse(at);
  if (Number.isNaN(t) || t < Date.parse(state.startedAt)) return undefined;
  let version = startServerVersion(state);
  for (const p of state.k3sPhases) {
    if (p.kind !== 'k3s-servers' || !p.hop) continue;
    if (t < Date.parse(p.at)) return version;
    const done = state.doneAt[p.phaseId];
    if (!done || t < Date.parse(done) || !state.completed.includes(p.phaseId)) return undefined;
    const v = parseKubeVersion(p.hop.version);
    version = v.ok ? v.value : undefined;
  }
  return version;
}

/** Only the characters names and paths need: whatever else a cluster answered stays out of a runbook someone pastes. */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9._:/+=-]/g, '');

function restoreRunbook(state: RunJournalState, s: ClusterSnapshot, snap: EtcdSnapshotCandidate, version: string, from: string): string {
  const nodes = s.nodes.state === 'ok' ? s.nodes.value.map((n) => ({ name: n.name, server: n.isServer, version: n.kubeletVersion })) : state.nodesAtStart.map((n) => ({ name: n.name, server: n.server, version: n.version }));
  const servers = nodes.filter((n) => n.server).map((n) => safe(n.name));
  const agents = nodes.filter((n) => !n.server).map((n) => safe(n.name));
  const first = snap.node && servers.includes(safe(snap.node)) ? safe(snap.node) : servers[0] ?? '<first server>';
  const others = servers.filter((n) => n !== first);
  const v = safe(version);
  const local = snap.location?.startsWith('file://') ? safe(snap.location.slice('file://'.length)) : undefined;
  const s3 = snap.location?.startsWith('s3://') === true;
  const restorePath = local ?? (s3 ? safe(snap.snapshotName) : `/var/lib/rancher/k3s/server/db/snapshots/${safe(snap.snapshotName)}`);
  const install = (role: 'server' | 'agent'): string => `curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="${v}" INSTALL_K3S_EXEC="${role}" INSTALL_K3S_SKIP_START="true" sh -`;
  const lines: string[] = [
    `# Roll K3s back from ${safe(from)} to ${v} — cluster ${safe(state.cluster.context)}, run ${safe(state.runId)}`,
    '',
    `Restores etcd snapshot \`${safe(snap.snapshotName)}\` (ETCDSnapshotFile \`${safe(snap.file)}\`${snap.node ? `, on ${safe(snap.node)}` : ''}${snap.createdAt ? `, taken ${safe(snap.createdAt)}` : ''}${snap.k3sVersion ? `, K3s ${safe(snap.k3sVersion)}` : ''}).`,
    `**Everything written to the cluster after ${snap.createdAt ? safe(snap.createdAt) : 'the snapshot'} is lost.** Steps from docs.k3s.io, upgrades/roll-back (embedded etcd).`,
    'Before this runbook the extension deleted the run\'s system-upgrade-controller Plans, so nothing upgrades the nodes again.',
    '',
    '## 1. Drain every node (while the API answers)',
    '',
    '```bash',
    `kubectl drain --ignore-daemonsets --delete-emptydir-data ${[...servers, ...agents].join(' ')}`,
    '```',
    '',
    '## 2. Stop K3s on every node',
    '',
    ...[...servers, ...agents].map((n) => `- ${n}: \`k3s-killall.sh\``),
    '',
    `## 3. Install K3s ${v} on every node, without starting it`,
    '',
    ...servers.map((n) => `- ${n} (server): \`${install('server')}\``),
    ...agents.map((n) => `- ${n} (agent): \`${install('agent')}\``),
    '',
    `Air-gapped: the install script with \`INSTALL_K3S_SKIP_START=true\` and the ${v} artifacts.`,
    '',
    `## 4. Restore the snapshot on ${first}`,
    '',
    '```bash',
    `k3s server --cluster-reset --cluster-reset-restore-path=${restorePath}`,
    '```',
    '',
    ...(s3 ? ['The snapshot is in S3: add the `--etcd-s3` flags (bucket, endpoint, credentials) of the K3s config, and give only the file name as above.', ''] : []),
    ...(snap.node && safe(snap.node) !== first ? [`The snapshot was taken on ${safe(snap.node)}, which is not a server now: copy the file to ${first} first.`, ''] : []),
    'Wait for "Managed etcd cluster membership has been reset, restart without --cluster-reset flag now.", then:',
    '',
    '```bash',
    'systemctl start k3s',
    '```',
    '',
  ];
  if (others.length) {
    lines.push('## 5. The other servers, one at a time', '');
    for (const n of others) lines.push(`### ${n}`, '', '```bash', 'rm -rf /var/lib/rancher/k3s/server/db', 'systemctl start k3s', '```', '');
  }
  // The install script names the agents' service k3s-agent.
  if (agents.length) lines.push(`## ${others.length ? 6 : 5}. The agents`, '', ...agents.map((n) => `- ${n}: \`systemctl start k3s-agent\``), '');
  lines.push(
    '## Verify',
    '',
    `- \`k3s --version\` on every node says ${v}; \`kubectl get nodes\` shows them Ready on ${v}.`,
    `- Uncordon what step 1 drained: \`kubectl uncordon ${[...servers, ...agents].join(' ')}\`.`,
    '- Check the applications, and the K3s logs (`journalctl -u k3s`).',
  );
  return `${lines.join('\n')}\n`;
}
