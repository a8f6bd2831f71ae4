import { parseKubeVersion } from './kube';
import { type MinorLine, parseMinorLine } from './minorLine';

/** The Kubernetes minor a version text names: `v1.33`, `1.33`, `v1.33.x` or `v1.33.7+k3s3` → 1.33; undefined for anything else. */
export function kubeMinorOf(text: string): MinorLine | undefined {
  const line = parseMinorLine(text);
  if (line) return line;
  const full = parseKubeVersion(text);
  return full.ok ? { major: full.value.major, minor: full.value.minor } : undefined;
}

/** Orders minors: negative when `a` is older. */
export function compareMinor(a: MinorLine, b: MinorLine): number {
  return a.major - b.major || a.minor - b.minor;
}
