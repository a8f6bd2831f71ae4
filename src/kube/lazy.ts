/**
 * Loads the Kubernetes layer on first use. In the bundle, esbuild.mjs rewrites the `./kubeLayer`
 * import to `require('./kubeLayer.js')`, a separate output file; under tsx (tests, bench) it is
 * an ordinary import.
 */
export type KubeLayer = typeof import('./kubeLayer');

let layer: Promise<KubeLayer> | undefined;

export function kubeLayer(): Promise<KubeLayer> {
  layer ??= import('./kubeLayer');
  return layer;
}
