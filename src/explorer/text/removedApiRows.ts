import { type ApiFinding, type ApiLifecycleTable, type ApiPlanVersions, bundledLifecycle, findingsFor, lifecycleOf } from '../../core/apis';
import { crdVersionState } from '../../core/apis/preflightInput';
import type { DeprecatedApiCall } from '../../kube/deprecatedApiMetric';
import type { RemovedApiScan } from '../../kube/removedApiReader';
import type { Judgement } from '../../removedApis/judgement';
import { type KubeVersion, parseKubeVersion } from '../../core/versions';

/** vscode-free: the rows of a cluster's "Removed APIs" group, judged against one target, grouped by removal version. */

export interface RemovedApiRow {
  readonly key: string;
  readonly label: string;
  readonly description: string;
  /** Plain text. */
  readonly tooltip: string;
  readonly severity: 'error' | 'warning';
}

export interface RemovedApiVersionGroup {
  /** The removal minor (`1.25`), or `none` for deprecations with no removal planned. */
  readonly key: string;
  readonly label: string;
  readonly description: string;
  readonly severity: 'error' | 'warning';
  readonly rows: readonly RemovedApiRow[];
}

export interface RemovedApisView {
  /** The group row's description: `2 removed · 1 deprecated · for v1.35`. */
  readonly description: string;
  readonly tooltip: string;
  readonly severity: 'error' | 'warning' | 'none';
  readonly groups: readonly RemovedApiVersionGroup[];
  /** What could not be read, one sentence each. */
  readonly problems: readonly string[];
}

interface Found {
  readonly finding: ApiFinding;
  readonly row: Omit<RemovedApiRow, 'severity' | 'tooltip'> & { readonly detail: string };
}

/**
 * Judges what the cluster records against `judgement` (the plans pinned to the cluster, else the newest minor
 * known; see src/removedApis/judgement.ts) with the cluster's own version as the current one.
 */
export function removedApisView(scan: RemovedApiScan, judgement: Judgement, data: ApiLifecycleTable = bundledLifecycle()): RemovedApisView {
  const plan: ApiPlanVersions = { current: judgement.current, target: judgement.target };
  const found: Found[] = [];
  const judge = (apiVersion: string, kind: string): ApiFinding | undefined => {
    const r = findingsFor(apiVersion, kind, plan, data);
    return r.ok ? r.value : undefined;
  };
  for (const u of scan.objects.uses) {
    const finding = judge(u.apiVersion, u.kind);
    if (!finding) continue;
    const where = u.namespace ? `${u.namespace}/${u.name}` : u.name;
    found.push({ finding, row: { key: `obj/${u.kind}/${where}/${u.apiVersion}`, label: `${u.kind} ${where}`, description: `${move(finding)} · ${u.sources.join(', ')}`, detail: `Recorded by ${u.sources.join(' and ')}.` } });
  }
  const problems = [...scan.objects.problems, ...scan.helm.problems];
  for (const rel of scan.helm.releases) {
    const name = `${rel.namespace}/${rel.name}`;
    if (rel.problem) problems.push(`Helm release ${name} (revision ${rel.revision}): ${rel.problem}`);
    rel.apis.forEach((a, i) => {
      const finding = judge(a.apiVersion, a.kind);
      if (!finding) return;
      const chart = rel.chart ? `, chart ${rel.chart}` : '';
      found.push({
        finding,
        row: {
          key: `helm/${name}/${i}`,
          label: `Helm release ${name} (rev ${rel.revision})`,
          description: `${a.apiVersion} ${a.kind} → ${replacementText(finding)}${a.template ? ` · ${a.template}` : ''}`,
          detail: `Rendered by the newest revision (${rel.revision}, ${rel.status}${chart})${a.template ? ` from ${a.template}` : ''}; upgrade the chart or its values so that it renders ${replacementText(finding)}.`,
        },
      });
    });
  }
  const metric = scan.metric;
  const metricRows: { call: DeprecatedApiCall; finding: ApiFinding | undefined }[] = [];
  if (metric?.state === 'readable') {
    for (const call of metric.calls) {
      const kind = kindOf(call, data);
      const apiVersion = call.group ? `${call.group}/${call.version}` : call.version;
      const finding = kind ? judge(apiVersion, kind) : undefined;
      if (finding) {
        const res = call.subresource ? `${call.resource}/${call.subresource}` : call.resource;
        found.push({ finding, row: { key: `metric/${apiVersion}/${res}`, label: `${apiVersion} ${res}`, description: `${callsText(call)} → ${replacementText(finding)}`, detail: `The API server counted ${callsText(call).replace('called ', '')} requests to it since it started (apiserver_requested_deprecated_apis): a client still uses it.` } });
      } else if (!kind) metricRows.push({ call, finding: undefined });
    }
  } else if (metric?.state === 'not-readable') problems.push(`API server metric: not readable (${metric.reason}).`);

  const byRemoval = new Map<string, Found[]>();
  for (const f of found) {
    const key = f.finding.removedIn ?? 'none';
    byRemoval.set(key, [...(byRemoval.get(key) ?? []), f]);
  }
  const groups = [...byRemoval.entries()].sort(([a], [b]) => minorOrder(a) - minorOrder(b)).map(([key, list]): RemovedApiVersionGroup => {
    const severity = list[0].finding.severity;
    const onTheWay = list[0].finding.removedOnTheWay;
    const label = key === 'none' ? 'Deprecated, no removal planned' : severity === 'error' ? `Removed in v${key}` : `Removed in v${key} (deprecated at ${judgement.targetMinor})`;
    const when = key === 'none' || severity === 'warning' ? '' : onTheWay ? ` · on the way to ${judgement.targetMinor}` : ' · already not served';
    return {
      key,
      label,
      description: `${list.length}${when}`,
      severity,
      rows: list.map((f) => ({ key: f.row.key, label: f.row.label, description: f.row.description, tooltip: `${f.finding.message}\n${f.row.detail}`, severity: f.finding.severity })),
    };
  });
  // Calls to deprecated APIs the lifecycle data does not list still count (the server says when it removes them).
  if (metricRows.length) {
    groups.push({
      key: 'metric-other',
      label: 'Deprecated, called on the API server',
      description: String(metricRows.length),
      severity: 'warning',
      rows: metricRows.map(({ call }) => {
        const apiVersion = call.group ? `${call.group}/${call.version}` : call.version;
        return { key: `metric/${apiVersion}/${call.resource}`, label: `${apiVersion} ${call.resource}`, description: `${callsText(call)}${call.removedRelease ? ` · removed in ${call.removedRelease}` : ''}`, tooltip: 'The API server marks this API deprecated (apiserver_requested_deprecated_apis).', severity: 'warning' };
      }),
    });
  }
  // A CRD's versions follow its owner's releases, not Kubernetes': apart, whatever the target. One still stored but no
  // longer served needs a storage migration before its CRD can drop it (an operator upgrade that does fails).
  const crdRows = scan.crds?.state === 'read' ? scan.crds.versions : [];
  if (scan.crds?.state === 'not-checked') problems.push(scan.crds.reason);
  if (crdRows.length) {
    groups.push({
      key: 'crd',
      label: 'CRD versions their owners retire',
      description: String(crdRows.length),
      severity: 'warning',
      rows: crdRows.map((c) => ({
        key: `crd/${c.crd}/${c.version}`,
        label: `${c.kind} ${c.group}/${c.version}`,
        description: crdVersionState(c),
        tooltip: [`CustomResourceDefinition ${c.crd}: version ${c.version} is ${crdVersionState(c)}.`, ...(c.warning ? [`Its warning: ${c.warning}`] : []), c.stored && !c.served ? 'Migrate the stored objects to a served version before an upgrade removes it.' : 'Move manifests and clients to the version the owner serves now.'].join('\n'),
        severity: 'warning' as const,
      })),
    });
  }
  const removed = found.filter((f) => f.finding.status === 'removed').length;
  const deprecated = found.length - removed + metricRows.length + crdRows.length;
  const counts = [removed ? `${removed} removed` : '', deprecated ? `${deprecated} deprecated` : ''].filter(Boolean).join(' · ') || 'none';
  const read = `Read ${scan.objects.objects.toLocaleString('en-US')} objects, ${scan.helm.releases.length} Helm release${scan.helm.releases.length === 1 ? '' : 's'}${metric ? (metric.state === 'readable' ? ' and the API server metric' : '') : ''} in ${(scan.ms / 1000).toFixed(1)} s.`;
  return {
    description: `${counts} · for ${judgement.targetMinor}`,
    tooltip: [`Judged against Kubernetes ${judgement.targetMinor}: ${judgement.because}.`, read, ...problems].join('\n'),
    severity: removed ? 'error' : deprecated ? 'warning' : 'none',
    groups,
    problems,
  };
}

function replacementText(f: ApiFinding): string {
  return f.replacementApiVersion && f.replacement ? `${f.replacementApiVersion}${f.replacement.kind === f.kind ? '' : ` ${f.replacement.kind}`}` : 'no replacement';
}

function move(f: ApiFinding): string {
  return `${f.apiVersion} → ${replacementText(f)}`;
}

function callsText(c: DeprecatedApiCall): string {
  if (c.calls === undefined) return 'called';
  return `called ${c.calls.toLocaleString('en-US')} time${c.calls === 1 ? '' : 's'}`;
}

/** `1.25` → 1025; `none` last. */
function minorOrder(key: string): number {
  const m = /^(\d+)\.(\d+)$/.exec(key);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
}

/** The kind of a resource plural (`cronjobs` → CronJob) among the lifecycle data's entries of its group/version. */
function kindOf(call: DeprecatedApiCall, data: ApiLifecycleTable): string | undefined {
  const entry = data.entries.find((e) => e.group === call.group && e.version === call.version && pluralOf(e.kind) === call.resource);
  return entry && lifecycleOf(call.group ? `${call.group}/${call.version}` : call.version, entry.kind, data) ? entry.kind : undefined;
}

/** Kubernetes' default plural of a kind (gengo's namer): lowercase, y → ies, s/x/ch/sh → es. */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (k === 'endpoints') return k;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

/** What the explorer knows of the catalog: the newest patch of the next minor (ReleaseDecorations.kubeUpdates). */
interface NextMinor {
  kubeUpdates(current: KubeVersion): { readonly minor: string | undefined } | undefined;
}

const MAX_MINOR_STEPS = 40;

/**
 * The newest Kubernetes minor the release catalog knows (`1.35`), found by following "next minor" from the
 * cluster's version; never older than the cluster's own minor. Undefined when the version does not parse.
 */
export function newestKnownMinor(releases: NextMinor, clusterVersion: string): string | undefined {
  const v = parseKubeVersion(clusterVersion);
  if (!v.ok) return undefined;
  // The catalog holds K3s releases: any distribution's minor is looked up as K3s's.
  let at = parseKubeVersion(`v${v.value.major}.${v.value.minor}.0+k3s1`);
  let newest = `${v.value.major}.${v.value.minor}`;
  for (let i = 0; i < MAX_MINOR_STEPS && at.ok; i++) {
    const next = releases.kubeUpdates(at.value)?.minor;
    if (!next) break;
    at = parseKubeVersion(next);
    if (at.ok) newest = `${at.value.major}.${at.value.minor}`;
  }
  return newest;
}
