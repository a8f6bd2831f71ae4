/** What a plan file is made of, as the rest of the extension sees it. Mirrors schemas/upgrade-plan.schema.json. */

export const PLAN_API_VERSION = 'upgradeplanner.dev/v1alpha1';
export const PLAN_KIND = 'UpgradePlan';
export const PLAN_FILE_SUFFIX = '.upgradeplan.yaml';

/** Whether a file name or path names a plan file: `*.upgradeplan.yaml` or `*.upgradeplan.yml`. */
export function isPlanFileName(path: string): boolean {
  return path.endsWith(PLAN_FILE_SUFFIX) || path.endsWith('.upgradeplan.yml');
}

export type ComponentName = 'k3s' | 'kubernetes' | 'rook' | 'ceph';
export const COMPONENT_NAMES: readonly ComponentName[] = ['k3s', 'kubernetes', 'rook', 'ceph'];

export interface ComponentVersions {
  readonly current: string;
  readonly target: string;
}

export interface PlanHop {
  readonly component: ComponentName;
  readonly version: string;
  readonly reason?: string;
  readonly nodes?: 'all' | 'servers' | 'agents';
  readonly canary?: boolean;
}

export type ChecklistState = 'pending' | 'done' | 'waived' | 'not-applicable';

export interface ChecklistItem {
  readonly id: string;
  readonly title: string;
  readonly state: ChecklistState;
  readonly required?: boolean;
  readonly evidence?: string;
  readonly by?: string;
  readonly at?: string;
}

export interface AcceptedRisk {
  readonly id?: string;
  readonly component: ComponentName;
  readonly from?: string;
  readonly to: string;
  readonly reason: string;
  readonly acceptedBy?: string;
  readonly expires?: string;
}

export interface PlanCluster {
  readonly contextName: string;
  readonly server: string;
  readonly kubeSystemUID?: string;
  readonly distribution?: string;
}

/** How a backup is required and verified (schema `$defs/backup`). */
export interface BackupSpec {
  readonly required?: boolean;
  readonly verification?: 'none' | 'exists' | 'checksum' | 'restoreTest';
}

export interface VeleroBackupSpec extends BackupSpec {
  /** Empty or absent: all namespaces. */
  readonly includedNamespaces?: readonly string[];
  readonly storageLocation?: string;
  /** Go duration, `720h`. */
  readonly ttl?: string;
}

export interface ManifestExportSpec extends BackupSpec {
  /** Folder relative to the plan file. */
  readonly path?: string;
  /** Namespaces whose objects are all exported, besides what the upgrade touches. */
  readonly namespaces?: readonly string[];
  /** Export the Secrets of those namespaces too (files written mode 0600). */
  readonly includeSecrets?: boolean;
}

/** `backups`: what must exist and be verified before the first hop. */
export interface PlanBackups {
  readonly etcdSnapshot?: BackupSpec;
  readonly velero?: VeleroBackupSpec;
  readonly manifestExport?: ManifestExportSpec;
}

/** A plan that passed the schema. Optional sections stay optional. */
export interface UpgradePlan {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly description?: string; readonly owner?: string; readonly created?: string };
  readonly cluster: PlanCluster;
  readonly components: Partial<Record<ComponentName, ComponentVersions>> & {
    readonly other?: readonly { name: string; current: string; target: string }[];
  };
  readonly hops: readonly PlanHop[];
  readonly strategy?: Record<string, unknown>;
  readonly backups?: PlanBackups;
  readonly gates?: Record<string, unknown>;
  readonly checklist?: readonly ChecklistItem[];
  readonly acceptedRisks?: readonly AcceptedRisk[];
  readonly rollback?: Record<string, unknown>;
  readonly images?: PlanImages;
}

/** `images`: the upgrade images a run uses pinned by digest (`repo:tag@sha256:…`), keyed by `repo:tag` as the run uses them. */
export interface PlanImages {
  readonly pinByDigest?: boolean;
  readonly digests?: Readonly<Record<string, string>>;
}

/** Offsets into the document text (UTF-16 code units, as VS Code's `positionAt` expects); end is exclusive. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export interface TextEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

export interface PlanFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly preferred?: boolean;
  /** A command run with the plan's URI instead of (or after) the edits, for a fix that needs more than text (a registry read). */
  readonly command?: string;
}

export type PlanSeverity = 'error' | 'warning' | 'info' | 'hint';

export type DiagnosticSource = 'syntax' | 'schema' | 'rules' | 'limits';

export interface PlanDiagnostic {
  readonly range: OffsetRange;
  readonly severity: PlanSeverity;
  /** Stable code, e.g. `skipped-minor`, `schema.required`, `yaml.BAD_INDENT`. */
  readonly code: string;
  readonly message: string;
  readonly source: DiagnosticSource;
  readonly fixes?: readonly PlanFix[];
}

/** Path of a value inside the plan: keys and sequence indexes. */
export type PlanPath = readonly (string | number)[];
