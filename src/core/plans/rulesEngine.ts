import type { ComponentName, PlanHop } from './model';

/**
 * The seam between plan diagnostics and the plan rules (planRules.ts, over src/core/paths).
 * A finding names a hop by index, or the component's target when `hopIndex` is absent;
 * `suggest` lets diagnostics offer a quick fix.
 */
export interface Finding {
  readonly code:
    | 'invalid-version'
    | 'unknown-version'
    | 'downgrade'
    | 'no-op-hop'
    | 'skipped-minor'
    | 'skipped-latest-patch'
    | 'not-latest-patch'
    | 'skew'
    | 'ceph-unsupported'
    | 'target-not-reached'
    | 'target-minor-line'
    | 'current-state'
    | 'risky-edge'
    | (string & {});
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly hopIndex?: number;
  /** When hopIndex is absent: which field of `components.<component>` the finding is about. */
  readonly component?: ComponentName;
  readonly field?: 'current' | 'target';
  readonly suggest?: Suggestion;
}

export type Suggestion =
  /** Insert these hops before hop `beforeHop` (hops.length: at the end). */
  | { readonly kind: 'insertHops'; readonly beforeHop: number; readonly hops: readonly PlanHop[] }
  /** Replace the finding's version value. */
  | { readonly kind: 'replaceVersion'; readonly version: string; readonly title: string }
  /** Add an acceptedRisks entry. */
  | { readonly kind: 'acceptRisk'; readonly riskId: string; readonly component: ComponentName; readonly from: string; readonly to: string };

export interface PlanRulesInput {
  /** components.<name>.current */
  readonly current: Partial<Record<ComponentName, string>>;
  /** components.<name>.target */
  readonly target: Partial<Record<ComponentName, string>>;
  readonly hops: readonly PlanHop[];
  readonly acceptedRisks: readonly { id?: string; component: ComponentName; from?: string; to: string }[];
}

export interface PlanRulesEngine {
  validate(input: PlanRulesInput): readonly Finding[];
}
