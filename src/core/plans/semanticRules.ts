import { type Document, isMap, isSeq } from 'yaml';
import { sameServer } from '../cluster/pinnedPlans';
import { insertListItems, hopFields, quoteIfNeeded } from './edits';
import { COMPONENT_NAMES, type ComponentName, type OffsetRange, type PlanDiagnostic, type PlanFix, type PlanHop } from './model';
import { clampRange } from './parse';
import type { Finding, PlanRulesEngine, PlanRulesInput } from './rulesEngine';
import { findPath, nodeRange, pairKeyRange } from './yamlPath';
import { isRecord } from '../../common/guards';

/** The clusters the user can reach, for the "pinned to another cluster" rule. */
export interface KnownClusters {
  readonly contexts: readonly { readonly name: string; readonly server?: string }[];
  /** kube-system UIDs read from clusters so far, by context name. */
  readonly uids?: Readonly<Record<string, string>>;
}


/** Reads what the rules need from plan data of any shape, keeping hop indexes as in the file. */
export function rulesInputOf(value: unknown): { input: PlanRulesInput; hopIndex: number[] } {
  const root = isRecord(value) ? value : {};
  const components = isRecord(root.components) ? root.components : {};
  const current: Partial<Record<ComponentName, string>> = {};
  const target: Partial<Record<ComponentName, string>> = {};
  for (const c of COMPONENT_NAMES) {
    const comp = components[c];
    if (!isRecord(comp)) continue;
    if (typeof comp.current === 'string') current[c] = comp.current;
    if (typeof comp.target === 'string') target[c] = comp.target;
  }
  const hops: PlanHop[] = [];
  const hopIndex: number[] = [];
  (Array.isArray(root.hops) ? (root.hops as unknown[]) : []).forEach((h, i) => {
    if (isRecord(h) && typeof h.version === 'string' && COMPONENT_NAMES.includes(h.component as ComponentName)) {
      const nodes = h.nodes === 'servers' || h.nodes === 'agents' || h.nodes === 'all' ? h.nodes : undefined;
      hops.push({ component: h.component as ComponentName, version: h.version, ...(nodes ? { nodes } : {}) });
      hopIndex.push(i);
    }
  });
  const acceptedRisks = (Array.isArray(root.acceptedRisks) ? (root.acceptedRisks as unknown[]) : [])
    .filter(isRecord)
    .filter((r) => typeof r.to === 'string' && COMPONENT_NAMES.includes(r.component as ComponentName))
    .map((r) => ({
      component: r.component as ComponentName,
      to: r.to as string,
      ...(typeof r.id === 'string' ? { id: r.id } : {}),
      ...(typeof r.from === 'string' ? { from: r.from } : {}),
    }));
  return { input: { current, target, hops, acceptedRisks }, hopIndex };
}

export function semanticDiagnostics(text: string, doc: Document, value: unknown, engine: PlanRulesEngine, clusters: KnownClusters | undefined): PlanDiagnostic[] {
  const { input, hopIndex } = rulesInputOf(value);
  const out: PlanDiagnostic[] = [];
  for (const f of engine.validate(input)) {
    const fileHop = f.hopIndex === undefined ? undefined : hopIndex[f.hopIndex];
    const range = findingRange(doc, f, fileHop);
    out.push({
      range: clampRange(text, range.start, range.end),
      severity: f.severity,
      code: f.code,
      source: 'rules',
      message: f.message,
      ...fixesFor(text, doc, f, fileHop, hopIndex),
    });
  }
  out.push(...pinnedClusterDiagnostics(text, doc, value, clusters));
  return out;
}

function findingRange(doc: Document, f: Finding, fileHop: number | undefined): OffsetRange {
  const candidates = fileHop !== undefined
    ? [['hops', fileHop, 'version'], ['hops', fileHop]]
    : f.component
      ? [['components', f.component, f.field ?? 'target'], ['components', f.component]]
      : [];
  for (const p of [...candidates, ['hops'], ['components']]) {
    const hit = findPath(doc, p);
    const r = nodeRange(hit.node) ?? pairKeyRange(hit.pair);
    if (r) return r;
  }
  return nodeRange(doc.contents) ?? { start: 0, end: 0 };
}

function fixesFor(text: string, doc: Document, f: Finding, fileHop: number | undefined, hopIndex: number[]): { fixes?: PlanFix[] } {
  const s = f.suggest;
  if (!s) return {};
  let fix: PlanFix | undefined;
  if (s.kind === 'replaceVersion') {
    const path = fileHop !== undefined ? ['hops', fileHop, 'version'] : f.component ? ['components', f.component, f.field ?? 'target'] : undefined;
    const r = path ? nodeRange(findPath(doc, path).node) : undefined;
    if (r) fix = { title: s.title, edits: [{ range: r, newText: quoteIfNeeded(s.version) }], preferred: true };
  } else if (s.kind === 'insertHops') {
    const hops = findPath(doc, ['hops']).node;
    const count = isSeq(hops) ? hops.items.length : 0;
    const before = s.beforeHop < hopIndex.length ? hopIndex[s.beforeHop] : count;
    const edit = insertListItems(text, doc, 'hops', before, s.hops.map(hopFields));
    const what = s.hops.length === 1 ? `the ${hopLabel(s.hops[0])} hop` : `${s.hops.length} hops (${s.hops.map(hopLabel).join(', ')})`;
    if (edit) fix = { title: `Insert ${what}`, edits: [edit], preferred: true };
  } else {
    const edit = insertListItems(text, doc, 'acceptedRisks', Number.MAX_SAFE_INTEGER, [[
      ['id', s.riskId],
      ['component', s.component],
      ['from', quoteIfNeeded(s.from)],
      ['to', quoteIfNeeded(s.to)],
      ['reason', '"TODO: why this risk is acceptable for this cluster"'],
    ]]);
    if (edit) fix = { title: `Accept the risk ${s.riskId} (${s.from} → ${s.to})`, edits: [edit] };
  }
  return fix ? { fixes: [fix] } : {};
}

function hopLabel(h: PlanHop): string {
  return h.nodes && h.nodes !== 'all' ? `${h.version} ${h.nodes}` : h.version;
}

function pinnedClusterDiagnostics(text: string, doc: Document, value: unknown, clusters: KnownClusters | undefined): PlanDiagnostic[] {
  if (!clusters || !isRecord(value) || !isRecord(value.cluster) || !isMap(findPath(doc, ['cluster']).node)) return [];
  const { contextName, server, kubeSystemUID } = value.cluster;
  if (typeof contextName !== 'string') return [];
  const at = (field: string): OffsetRange => {
    const hit = findPath(doc, ['cluster', field]);
    const r = nodeRange(hit.node) ?? pairKeyRange(findPath(doc, ['cluster']).pair) ?? { start: 0, end: 0 };
    return clampRange(text, r.start, r.end);
  };
  const ctx = clusters.contexts.find((c) => c.name === contextName);
  if (!ctx) {
    return [{ range: at('contextName'), severity: 'info', code: 'cluster-context-missing', source: 'rules', message: `Your kubeconfig has no context "${contextName}". Preflight and execution need it: add the context or correct the name.` }];
  }
  const uid = clusters.uids?.[contextName];
  if (typeof kubeSystemUID === 'string' && uid && uid !== kubeSystemUID) {
    return [{ range: at('kubeSystemUID'), severity: 'error', code: 'pinned-to-other-cluster', source: 'rules', message: `Context "${contextName}" now reaches a different cluster (kube-system UID ${uid}); this plan is pinned to ${kubeSystemUID} and will refuse to run. Write a new plan for that cluster, or fix the context.` }];
  }
  if (typeof server === 'string' && ctx.server && !sameServer(ctx.server, server)) {
    return [{ range: at('server'), severity: 'error', code: 'pinned-to-other-cluster', source: 'rules', message: `Context "${contextName}" points at ${ctx.server}, but this plan is pinned to ${server}; it will refuse to run there. Use the context of ${server}, or write a new plan for this cluster.` }];
  }
  return [];
}
