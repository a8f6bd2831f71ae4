import { type KubeVersion, compareKube, minorsBetween, parseKubeVersion } from '../versions';

/**
 * A kubelet against its API server, per the Kubernetes version-skew policy: never newer, at most 3
 * minors older (2 when the kubelet is older than 1.25).
 */
export type SkewVerdict =
  | { readonly verdict: 'ok'; readonly minorsBehind: number; readonly text: string }
  | { readonly verdict: 'violation'; readonly minorsBehind: number; readonly text: string }
  | { readonly verdict: 'unknown'; readonly text: string };

export function maxKubeletMinorsBehind(kubelet: Pick<KubeVersion, 'major' | 'minor'>): number {
  return kubelet.major === 1 && kubelet.minor < 25 ? 2 : 3;
}

export function kubeletSkew(kubeletVersion: string, apiServerVersion: string): SkewVerdict {
  const kubelet = parseKubeVersion(kubeletVersion);
  const api = parseKubeVersion(apiServerVersion);
  if (!kubelet.ok || !api.ok) {
    return { verdict: 'unknown', text: `cannot compare ${kubeletVersion} with ${apiServerVersion}` };
  }
  const behind = minorsBetween(kubelet.value, api.value);
  const allowed = maxKubeletMinorsBehind(kubelet.value);
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

/** HA API servers must be within one minor of each other; kubelets on servers stand in for them. */
export function serverMinorSpread(serverKubeletVersions: readonly string[]): { spread: number; ok: boolean } {
  const parsed = serverKubeletVersions.map(parseKubeVersion).flatMap((r) => (r.ok ? [r.value] : []));
  if (parsed.length < 2) return { spread: 0, ok: true };
  const minors = parsed.map((v) => v.major * 1000 + v.minor);
  const spread = Math.max(...minors) - Math.min(...minors);
  return { spread, ok: spread <= 1 };
}
