import { sameServer } from '../cluster';
import type { PlanCluster } from '../plans/model';
import { MAX_INPUT_LENGTH, compileUserRegex } from '../text/userRegex';

/**
 * The guard rails every command that reads for or writes to a cluster on a plan's behalf passes:
 * the plan's pinned cluster, protected contexts, the confirmation's words, and workspace trust.
 * Pure decisions; the commands ask the questions and show the answers.
 */

export type GuardDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly fixHint?: string };

/** The cluster a context points at, as read live. */
export interface LiveCluster {
  readonly context: string;
  readonly server: string | undefined;
  /** The `kube-system` namespace's UID; undefined when it could not be read. */
  readonly kubeSystemUID: string | undefined;
}

export type GuardPurpose = 'read' | 'write';

const ALLOWED: GuardDecision = { allowed: true };

function identity(server: string | undefined, uid: string | undefined, missingUid: string): string {
  return `${server ?? 'an unknown API server'} (kube-system UID ${uid ?? missingUid})`;
}

/**
 * A plan acts only on the cluster it is pinned to: the same API server URL and the same kube-system
 * UID. A plan without a UID pin may read, never write; an unreadable live UID refuses writes too.
 */
export function checkPinnedCluster(pin: Pick<PlanCluster, 'server' | 'kubeSystemUID'>, live: LiveCluster, purpose: GuardPurpose): GuardDecision {
  const planned = identity(pin.server, pin.kubeSystemUID, 'not pinned');
  const actual = identity(live.server, live.kubeSystemUID, 'unknown');
  const mismatch = (what: string): GuardDecision => ({
    allowed: false,
    reason: `This plan is pinned to ${planned}, but context "${live.context}" points at ${actual}: ${what}.`,
    fixHint: 'Switch to the context of the cluster the plan was written for, or write a new plan for this cluster.',
  });
  if (live.server === undefined || !sameServer(pin.server, live.server)) return mismatch('a different API server');
  if (pin.kubeSystemUID && live.kubeSystemUID && pin.kubeSystemUID !== live.kubeSystemUID) return mismatch('a different cluster behind the same address');
  if (purpose === 'read') return ALLOWED;
  if (!pin.kubeSystemUID) {
    return {
      allowed: false,
      reason: `This plan is not pinned to a cluster identity (cluster.kubeSystemUID is missing), so it may not change ${actual} through context "${live.context}".`,
      fixHint: live.kubeSystemUID
        ? `Pin it: add \`kubeSystemUID: ${live.kubeSystemUID}\` under \`cluster:\` in the plan (the UID of this cluster's kube-system namespace).`
        : 'Pin it: add `kubeSystemUID:` under `cluster:` in the plan, with the UID of the kube-system namespace (`kubectl get namespace kube-system -o jsonpath={.metadata.uid}`).',
    };
  }
  if (!live.kubeSystemUID) {
    return {
      allowed: false,
      reason: `The kube-system UID of context "${live.context}" could not be read, so it cannot be confirmed to be ${planned}.`,
      fixHint: 'Let these credentials get the kube-system namespace, then try again.',
    };
  }
  return ALLOWED;
}

export interface Protection {
  readonly protected: boolean;
  /** Why: the pattern matched, did not, or is invalid (then every context is protected). */
  readonly reason: string;
  /** The pattern's error, when it is invalid. */
  readonly patternError?: string;
}

/**
 * Whether `upgradePlanner.protectedContexts` (a user regex, run on RE2 only) covers a context. An
 * empty setting protects none; an invalid pattern protects every context and says so; a context name
 * too long to test is protected.
 */
export function contextProtection(pattern: string, context: string): Protection {
  if (pattern.trim() === '') return { protected: false, reason: 'upgradePlanner.protectedContexts is empty: no context is protected' };
  const re = compileUserRegex(pattern);
  if (!re.ok) {
    return {
      protected: true,
      patternError: re.error,
      reason: `upgradePlanner.protectedContexts is not a valid pattern (${re.error}), so every context is treated as protected`,
    };
  }
  if (context.length > MAX_INPUT_LENGTH) return { protected: true, reason: 'the context name is too long to test against upgradePlanner.protectedContexts, so it is treated as protected' };
  return re.value.test(context)
    ? { protected: true, reason: `context "${context}" matches upgradePlanner.protectedContexts (${pattern})` }
    : { protected: false, reason: `context "${context}" does not match upgradePlanner.protectedContexts (${pattern})` };
}

export interface Confirmation {
  /** The question: the action, the context, the cluster (server and UID). */
  readonly message: string;
  /** For a protected context: the text the user must type (the context name). */
  readonly typeToConfirm?: string;
  /** The prompt for the typed confirmation. */
  readonly prompt?: string;
}

/** The words of every confirmation; a protected context needs its name typed. */
export function confirmationFor(action: string, live: LiveCluster, protection: Protection): Confirmation {
  const message = `${action} on context "${live.context}", cluster ${identity(live.server, live.kubeSystemUID, 'unknown')}?`;
  if (!protection.protected) return { message };
  return { message, typeToConfirm: live.context, prompt: `Context "${live.context}" is protected (${protection.reason}). Type the context name to confirm.` };
}

/** Whether the typed text confirms: exactly the context name (surrounding blanks aside). */
export function confirmationTyped(c: Confirmation, typed: string | undefined): boolean {
  if (c.typeToConfirm === undefined) return true;
  return typed !== undefined && typed.trim() === c.typeToConfirm;
}

/** Where a command that changes a cluster was started from. */
export interface WorkspaceContext {
  readonly trusted: boolean;
  /** The plan file lies inside a folder of the open workspace. */
  readonly planInWorkspace: boolean;
}

/** Nothing that changes a cluster runs in an untrusted workspace or from a plan outside the workspace. */
export function mayChangeCluster(w: WorkspaceContext): GuardDecision {
  if (!w.trusted) {
    return { allowed: false, reason: 'This workspace is not trusted, so nothing here may change a cluster.', fixHint: 'Trust the workspace (Manage Workspace Trust) if you trust its plans, then try again.' };
  }
  if (!w.planInWorkspace) {
    return { allowed: false, reason: 'This plan lies outside the workspace, so it may not change a cluster.', fixHint: 'Open the folder that holds the plan (or copy the plan into the workspace), then try again.' };
  }
  return ALLOWED;
}
