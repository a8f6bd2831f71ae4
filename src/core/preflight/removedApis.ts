import type { CheckHead } from './common';
import type { RemovedApisInput } from './inputs';
import { type CheckResult, describeRef, nameList, objectRef } from './result';

const HEAD: CheckHead = { id: 'apis.removed', title: 'No removed APIs in use for the target' };

/** The removed-API work's answer; "not checked" until it provides one. */
export function checkRemovedApis(input: RemovedApisInput | undefined): CheckResult {
  if (!input) return { ...HEAD, status: 'not-checked', reason: 'removed APIs were not checked', objects: [], fixHint: 'Scan the cluster and the manifests for APIs removed in the target version before upgrading.' };
  if (!input.inUse.length) return { ...HEAD, status: 'pass', reason: `no API removed by ${input.target} is in use`, objects: [], evidence: { target: input.target } };
  const objects = input.inUse.map((u) => objectRef(u.kind, u.name, u.namespace));
  return {
    ...HEAD, status: 'fail', objects,
    reason: `${input.inUse.length} object(s) use APIs removed by ${input.target}: ${nameList(input.inUse.map((u) => `${describeRef(objectRef(u.kind, u.name, u.namespace))} (${u.apiVersion}, removed in ${u.removedIn})`), 3)}`,
    evidence: { target: input.target, apiVersions: [...new Set(input.inUse.map((u) => `${u.apiVersion}/${u.kind}`))] },
    fixHint: 'Migrate each object to its replacement API before the hop that removes the old one.',
  };
}
