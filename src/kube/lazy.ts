/**
 * Loads the Kubernetes layer on first use. In the bundle, esbuild.mjs rewrites `./kubeLayer` to
 * `require('./kubeLayer.js')`, a separate output file; under tsx (tests, bench) it is the source.
 * A require, not import(): the extension host and tsx/cjs both load CommonJS synchronously.
 */
export type KubeLayer = typeof import('./kubeLayer');

let layer: Promise<KubeLayer> | undefined;

export function kubeLayer(): Promise<KubeLayer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  layer ??= Promise.resolve().then(() => require('./kubeLayer') as KubeLayer);
  return layer;
}
