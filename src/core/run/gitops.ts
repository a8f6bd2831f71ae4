import { stringify } from 'yaml';
import { type Result, err, ok } from '../../common/result';
import type { ClusterSnapshot } from '../cluster';
import type { UpgradePlan } from '../plans/model';
import { type RunPhase, runPhases } from './phases';
import { sucNamespace, sucPlanWrites } from './sucPlans';
import { type RunWrite, cephImageWrite, rookOperatorImageWrite } from './writes';

/**
 * The writes a run of a plan makes on a cluster, in phase order, with the phase each belongs to: the
 * system-upgrade-controller Plans of every K3s phase and the Rook operator and Ceph image patches.
 * Dry Run sends them with dryRun=All; the GitOps export writes them as manifests for a repository
 * (Flux, Argo CD) instead of applying them.
 */
export interface PhaseWrite {
  readonly phase: RunPhase;
  readonly write: RunWrite;
}

/** The run's own writes for `plan` on the cluster `snapshot` shows, labelled with `runId`. */
export function plannedRunWrites(plan: UpgradePlan, snapshot: ClusterSnapshot, runId: string): Result<PhaseWrite[]> {
  const phases = runPhases(plan, snapshot);
  if (!phases.ok) return phases;
  const suc = sucPlanWrites({ plan, runId, namespace: sucNamespace(snapshot) }, phases.value);
  if (!suc.ok) return suc;
  let k = 0;
  const out: PhaseWrite[] = [];
  for (const p of phases.value) {
    if (p.kind === 'k3s-servers' || p.kind === 'k3s-canary' || p.kind === 'k3s-agents') out.push({ phase: p, write: suc.value[k++].write });
    if (p.kind === 'rook-operator') out.push({ phase: p, write: rookOperatorImageWrite({ namespace: p.deployment.namespace ?? '', name: p.deployment.name, image: p.currentImage }, p.image, p.title) });
    if (p.kind === 'ceph-image') for (const c of p.clusters) out.push({ phase: p, write: cephImageWrite({ namespace: c.ref.namespace ?? '', name: c.ref.name, image: c.currentImage }, c.image) });
  }
  return ok(out);
}

/** One file of the export: a path relative to the export folder (safe segments only) and its text. */
export interface GitOpsFile {
  readonly path: string;
  readonly text: string;
}

/** Letters, digits, dot, dash and underscore only: a path segment from cluster or plan data. */
export const safeSegment = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '').slice(0, 100) || 'x';

const API_VERSION: Record<string, string> = { Plan: 'upgrade.cattle.io/v1', Deployment: 'apps/v1', CephCluster: 'ceph.rook.io/v1' };

/**
 * The writes as manifests, one folder per hop (`hop-1-k3s-v1.31.4-k3s1/`), in the order a run applies
 * them: a SUC Plan as the object to commit; an image change as a patch for the object the repository
 * already holds (strategic merge for the Rook operator Deployment, merge for a CephCluster), with a
 * comment saying how to apply it; a README with the order, the manual Rook CRDs step and the gates to
 * wait for between files. Nothing from the cluster beyond names and images goes in.
 */
export function gitopsManifests(planName: string, writes: readonly PhaseWrite[], phases: readonly RunPhase[]): Result<GitOpsFile[]> {
  if (!writes.length) return err('the plan has no hop that writes to the cluster (no K3s, Rook or Ceph hop)');
  const files: GitOpsFile[] = [];
  const readme: string[] = [`# GitOps export of plan ${safeSegment(planName)}`, '', 'Commit the files of each hop in this order, and let each settle (the gates below) before the next. The upgrade runs in the cluster: system-upgrade-controller upgrades the nodes a Plan selects; the Rook operator follows its image.', ''];
  const folders = new Map<number, string>();
  let n = 0;
  for (const p of phases) {
    if (!('hop' in p)) continue;
    const folder = folders.get(p.hop.index) ?? `hop-${p.hop.index}-${safeSegment(p.hop.component)}-${safeSegment(p.hop.version)}`;
    if (!folders.has(p.hop.index)) {
      folders.set(p.hop.index, folder);
      readme.push(`## ${folder}`, '');
    }
    if (p.kind === 'rook-crds') readme.push(`- By hand first: ${p.title} — ${p.actions.join('; ')} (guide: ${p.guide}; manifests: ${p.manifests}). The tool does not ship every Rook release's manifests.`);
    if (p.kind === 'gate' || p.kind === 'soak') readme.push(`- Then wait: ${p.title} (${p.actions.join('; ')}).`);
    if (p.kind === 'wait-rook-version' || p.kind === 'wait-ceph-version') readme.push(`- Then wait: ${p.title}.`);
    for (const w of writes.filter((x) => x.phase.id === p.id).map((x) => x.write)) {
      const o = w.object;
      const apiVersion = API_VERSION[o.kind] ?? 'v1';
      const name = `${String(++n).padStart(2, '0')}-${safeSegment(o.kind.toLowerCase())}-${safeSegment(o.name)}${w.verb === 'patch' ? '.patch' : ''}.yaml`;
      const meta = { name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) };
      const body = w.verb === 'create' ? w.body : { apiVersion, kind: o.kind, metadata: meta, ...w.body };
      const head = w.verb === 'create'
        ? `# ${p.title}: ${w.description}\n`
        : `# ${p.title}: ${w.description}\n# A ${w.patchType === 'strategic' ? 'strategic merge' : 'merge'} patch of the ${o.kind} your repository holds (kustomize \`patches:\` with target ${o.kind}/${o.name}${o.namespace ? ` in ${o.namespace}` : ''}).\n`;
      files.push({ path: `${folder}/${name}`, text: `${head}${stringify(body, { lineWidth: 0 })}` });
      readme.push(`- Commit \`${folder}/${name}\` — ${w.description}.`);
    }
    if (!readme[readme.length - 1].startsWith('## ') && p.kind === 'gate') readme.push('');
  }
  files.push({ path: 'README.md', text: `${readme.join('\n')}\n` });
  return ok(files);
}

/** How the run's changes reach the cluster (`strategy.apply`): made by the run, or committed to git and applied by Flux or Argo CD. */
export type ApplyMode = 'direct' | 'gitops';

/** The plan's `strategy.apply`; anything but `gitops` is `direct`. */
export function applyModeOf(plan: Pick<UpgradePlan, 'strategy'>): ApplyMode {
  return plan.strategy?.apply === 'gitops' ? 'gitops' : 'direct';
}

/** At most this many differences are named, each value cut to VALUE_CHARS (an applied object is cluster data). */
const MAX_DIFFERENCES = 5;
const VALUE_CHARS = 80;
/** Deeper than this, objects are compared whole (JSON) rather than field by field. */
const MAX_DEPTH = 6;

const shown = (v: unknown): string => {
  const t = JSON.stringify(v) ?? 'nothing';
  return t.length > VALUE_CHARS ? `${t.slice(0, VALUE_CHARS)}…` : t;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How an object applied from git differs from what the run would have written (`planned`): each field the
 * plan sets, at its path, with both values (`spec.version is "v1.31.3+k3s1", the plan's hop needs
 * "v1.31.4+k3s1"`). Fields the plan does not set (defaults the API server or the controller added) are not
 * compared. Linear in the planned object; at most MAX_DIFFERENCES named.
 */
export function appliedDifferences(planned: unknown, applied: unknown, path: string): string[] {
  const out: string[] = [];
  const walk = (p: unknown, a: unknown, at: string, depth: number): void => {
    if (out.length >= MAX_DIFFERENCES) return;
    if (isObject(p) && depth < MAX_DEPTH) {
      if (!isObject(a)) {
        out.push(`${at} is ${shown(a)}, the plan needs ${shown(p)}`);
        return;
      }
      for (const [k, v] of Object.entries(p)) walk(v, a[k], `${at}.${k}`, depth + 1);
      return;
    }
    if (JSON.stringify(p) !== JSON.stringify(a)) out.push(`${at} is ${shown(a)}, the plan needs ${shown(p)}`);
  };
  walk(planned, applied, path, 0);
  return out;
}
