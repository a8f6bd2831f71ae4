import { type KubeVersion, minorKey, minorsBetween } from '../versions/kube';
import { type Verdict, pass, fail } from './verdict';

/*
 * Kubernetes version-skew policy (kubernetes.io/releases/version-skew-policy, quoted in shared DESIGN.md
 * "Facts to build on"; K3s docs upgrades/manual.md and upgrades/automated.md say the same policy applies).
 * The policy is stated per minor version; patches inside a minor never violate it.
 */

type Minor = Pick<KubeVersion, 'major' | 'minor'>;

const label = (v: Minor): string => `v${minorKey(v)}`;

/** How many minors a kubelet (or kube-proxy) may trail kube-apiserver: 3, or 2 when the kubelet is older than 1.25. */
export function maxKubeletLag(kubelet: Minor): number {
  return kubelet.major === 1 && kubelet.minor < 25 ? 2 : 3;
}

/**
 * kubelet vs every kube-apiserver of the cluster: never newer than the oldest API server, at most
 * {@link maxKubeletLag} minors older than the newest one.
 */
export function kubeletSkew(apiServers: readonly Minor[], kubelet: Minor, what = 'kubelet'): Verdict {
  if (apiServers.length === 0) return pass('skew.kubelet.ok', 'no API server to compare with');
  let oldest = apiServers[0];
  let newest = apiServers[0];
  for (const a of apiServers) {
    if (minorsBetween(a, oldest) > 0) oldest = a;
    if (minorsBetween(newest, a) > 0) newest = a;
  }
  if (minorsBetween(oldest, kubelet) > 0) {
    return fail(`skew.${what}-too-new`, `${what} ${label(kubelet)} would be newer than the API server at ${label(oldest)}; ${what}s must never be newer than kube-apiserver`);
  }
  const lag = minorsBetween(kubelet, newest);
  const max = maxKubeletLag(kubelet);
  if (lag > max) {
    const why = max === 2 ? ' (2 for kubelets older than v1.25)' : '';
    return fail(`skew.${what}-too-old`, `${what} ${label(kubelet)} would be ${lag} minors older than the API server at ${label(newest)}; at most ${max} are allowed${why}`);
  }
  return pass(`skew.${what}.ok`, `${what} ${label(kubelet)} is within ${max} minors of the API server at ${label(newest)}`);
}

/** kube-proxy follows the kubelet rule against kube-apiserver, and may differ from its node's kubelet by up to 3 minors. */
export function kubeProxySkew(apiServers: readonly Minor[], kubelet: Minor, proxy: Minor): Verdict {
  const vsApi = kubeletSkew(apiServers, proxy, 'kube-proxy');
  if (!vsApi.ok) return vsApi;
  const d = Math.abs(minorsBetween(kubelet, proxy));
  if (d > 3) return fail('skew.kube-proxy-vs-kubelet', `kube-proxy ${label(proxy)} is ${d} minors from its kubelet ${label(kubelet)}; at most 3 are allowed`);
  return pass('skew.kube-proxy.ok', `kube-proxy ${label(proxy)} is within policy`);
}

/** kube-controller-manager, kube-scheduler, cloud-controller-manager: not newer than the oldest API server, at most one minor older than the newest. */
export function controlPlaneComponentSkew(apiServers: readonly Minor[], component: Minor, name = 'kube-controller-manager'): Verdict {
  for (const a of apiServers) {
    const d = minorsBetween(component, a);
    if (d < 0) return fail('skew.control-plane-too-new', `${name} ${label(component)} would be newer than an API server at ${label(a)}`);
    if (d > 1) return fail('skew.control-plane-too-old', `${name} ${label(component)} would be ${d} minors older than an API server at ${label(a)}; at most 1 is allowed`);
  }
  return pass('skew.control-plane.ok', `${name} ${label(component)} is within one minor of every API server`);
}

/** In an HA control plane the newest and oldest kube-apiserver are at most one minor apart. */
export function haApiServerSkew(apiServers: readonly Minor[]): Verdict {
  if (apiServers.length < 2) return pass('skew.ha.ok', 'a single API server');
  let lo = apiServers[0];
  let hi = apiServers[0];
  for (const a of apiServers) {
    if (minorsBetween(a, lo) > 0) lo = a;
    if (minorsBetween(hi, a) > 0) hi = a;
  }
  const d = minorsBetween(lo, hi);
  if (d > 1) return fail('skew.ha-apiservers', `API servers at ${label(lo)} and ${label(hi)} are ${d} minors apart; HA API servers must stay within one minor`);
  return pass('skew.ha.ok', `API servers are within one minor (${label(lo)}–${label(hi)})`);
}

/**
 * One step of a node's or control plane's own upgrade: never backwards, never more than one minor
 * ("Ensure that your plan does not skip intermediate minor versions" — K3s docs upgrades/automated.md).
 */
export function kubernetesStep(from: Minor & { patch?: number }, to: Minor & { patch?: number }, what = 'Kubernetes'): Verdict {
  const d = minorsBetween(from, to);
  if (d < 0 || (d === 0 && (to.patch ?? 0) < (from.patch ?? 0))) {
    return fail('version.downgrade', `${what} would go from v${minorKey(from)} back to v${minorKey(to)}: downgrades are not supported; K3s rolls back only by restoring a snapshot`);
  }
  if (d > 1) return fail('minor.skipped', `${what} would jump ${d} minors (v${minorKey(from)} → v${minorKey(to)}); upgrade one minor at a time`);
  return pass('minor.ok', d === 1 ? `next minor v${minorKey(to)}` : `patch within v${minorKey(to)}`);
}
