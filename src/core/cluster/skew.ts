import { maxKubeletLag } from '../compat';
import { type KubeVersion, compareKube, minorsBetween, parseKubeVersion } from '../versions';

/** A kubelet against its API server, per the version-skew policy of core/compat (`maxKubeletLag`), worded for the explorer. */
export type SkewVerdict =
  | { readonly verdict: 'ok'; readonly minorsBehind: number; readonly text: string }
  | { readonly verdict: 'violation'; readonly minorsBehind: number; readonly text: string }
  | { readonly verdict: 'unknown'; readonly text: string };

export function kubeletSkew(kubeletVersion: string, apiServerVersion: string): SkewVerdict {
  const kubelet = parseKubeVersion(kubeletVersion);
  const api = parseKubeVersion(apiServerVersion);
  if (!kubelet.ok || !api.ok) {
    return { verdict: 'unknown', text: `cannot compare ${kubeletVersion} with ${apiServerVersion}` };
  }
  const behind = minorsBetween(kubelet.value, api.value);
  const allowed = maxKubeletLag(kubelet.value);
  if (behind < 0 || (behind === 0 && compareUpstream(kubelet.value, api.value) > 0)) {
    return { verdict: 'violation', minorsBehind: behind, text: `kubelet ${kubelet.value.raw} is newer than the API server ${api.value.raw}` };
  }
  if (behind > allowed) {
    return { verdict: 'violation', minorsBehind: behind, text: `kubelet is ${behind} minors behind the API server (at most ${allowed} allowed)` };
  }
  if (behind === 0) {
    return { verdict: 'ok', minorsBehind: 0, text: 'same minor as the API server' };
  }
  return { verdict: 'ok', minorsBehind: behind, text: `${behind} minor${behind === 1 ? '' : 's'} behind the API server (within ${allowed})` };
}

/** Patch-level order ignoring distribution build revisions: a kubelet on +k3s2 is not "newer" than +k3s1. */
function compareUpstream(a: KubeVersion, b: KubeVersion): number {
  if (a.patch !== b.patch) return a.patch - b.patch;
  return compareKube({ ...a, revision: 0, distribution: 'kubernetes', build: undefined }, { ...b, revision: 0, distribution: 'kubernetes', build: undefined });
}
