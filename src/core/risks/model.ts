import type { Component } from '../paths/types';

/** Predicate operators of a resource rule (see schemas/risk.schema.json `$defs.predicate`). */
export type PredicateOp = 'exists' | 'notExists' | 'equals' | 'notEquals' | 'matches' | 'lt' | 'lte' | 'gt' | 'gte' | 'in';

export interface Predicate {
  readonly op: PredicateOp;
  readonly value?: unknown;
}

export interface ResourceRule {
  readonly type: 'resource';
  readonly kind: string;
  readonly apiVersion?: string;
  readonly namespace?: string;
  /** `spec.template.spec.containers[*].image` */
  readonly path: string;
  readonly predicate: Predicate;
}

export interface PromqlRule {
  readonly type: 'promql';
  readonly promql: string;
}

export type MatchingRule = ResourceRule | PromqlRule;

/** One `UpgradeRisk` document of a `.upgradeplanner/risks/*.yaml` file. */
export interface Risk {
  readonly apiVersion: 'upgradeplanner.dev/v1alpha1';
  readonly kind: 'UpgradeRisk';
  readonly name: string;
  readonly component: Component;
  /** Regular expression over the hop's `from` version. */
  readonly from: string;
  /** Exact version the hop lands on. */
  readonly to: string;
  readonly message: string;
  readonly url?: string;
  readonly fixedIn?: string;
  readonly matchingRules?: readonly MatchingRule[];
}

/**
 * What a risk rule can see of the cluster: a snapshot adapter built by the caller (the kube layer).
 * Evaluation stays pure; only PromQL is asynchronous, behind the injected client.
 */
export interface RiskContext {
  /** Objects of a kind (optionally of one apiVersion); `undefined` when that kind was not collected. */
  objects(kind: string, apiVersion?: string): readonly unknown[] | undefined;
  /** Present only when a Prometheus URL is configured. `undefined` result: empty vector. */
  readonly prometheus?: { query(promql: string): Promise<number | undefined> };
}

export type RuleStatus = 'matches' | 'no-match' | 'not-evaluated';

export interface RuleOutcome {
  readonly rule: MatchingRule;
  readonly status: RuleStatus;
  /** A sentence: what was found, or why the rule was not evaluated. */
  readonly detail: string;
}

export type RiskStatus = 'applies' | 'does-not-apply' | 'not-evaluated';

export interface RiskEvaluation {
  readonly risk: Risk;
  readonly status: RiskStatus;
  readonly because: string;
  readonly rules: readonly RuleOutcome[];
}

/** A problem in a risk file; `path` is a JSON pointer into the document (for diagnostics ranges). */
export interface RiskProblem {
  readonly message: string;
  readonly path: string;
  readonly document: number;
  readonly source?: string;
  /** Where in the file (1-based line and column), when known. */
  readonly line?: number;
  readonly column?: number;
}
