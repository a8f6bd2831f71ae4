#!/usr/bin/env node
// Builds the control-plane binaries (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok)
// into the per-user cache when missing. `--print` lists the cached paths.
import { ensureBinaries, binPath, BINARIES } from '../cluster/lib/binaries.mjs';

const started = Date.now();
const built = await ensureBinaries();
if (built.length) console.log(`built ${built.length} binaries in ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (process.argv.includes('--print') || built.length === 0) {
  for (const n of Object.keys(BINARIES)) console.log(binPath(n));
}
