// Builds the control-plane binaries from the committed Go wrapper modules under cluster/go/ when they are
// missing from the per-user cache, keyed by name and version:
//   ${XDG_CACHE_HOME:-~/.cache}/kube-upgrade-planner/bin/<name>-<version>/<name>
// No binary ever lands in git. Concurrent callers (two test runs, the demo) serialise on a lock file.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, readFileSync, mkdtempSync, openSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const goDir = join(root, 'cluster', 'go');

export const KUBE_VERSION = '1.36.1';
export const ETCD_VERSION = '3.6.10';
export const KWOK_VERSION = '0.8.0';

const kubeLdflags = [
  `-X k8s.io/component-base/version.gitVersion=v${KUBE_VERSION}`,
  `-X k8s.io/component-base/version.gitMajor=${KUBE_VERSION.split('.')[0]}`,
  `-X k8s.io/component-base/version.gitMinor=${KUBE_VERSION.split('.')[1]}`,
  '-X k8s.io/component-base/version.gitTreeState=clean',
  // Also the client-go copy, so kubectl's client version and user agents agree.
  `-X k8s.io/client-go/pkg/version.gitVersion=v${KUBE_VERSION}`,
  `-X k8s.io/client-go/pkg/version.gitMajor=${KUBE_VERSION.split('.')[0]}`,
  `-X k8s.io/client-go/pkg/version.gitMinor=${KUBE_VERSION.split('.')[1]}`,
  '-s -w',
].join(' ');

/** name → { version, module dir, package to build, ldflags } */
export const BINARIES = {
  etcd: { version: ETCD_VERSION, module: 'etcd', pkg: './cmd/etcd', ldflags: '-s -w' },
  'kube-apiserver': { version: KUBE_VERSION, module: 'kube', pkg: './cmd/kube-apiserver', ldflags: kubeLdflags },
  'kube-controller-manager': { version: KUBE_VERSION, module: 'kube', pkg: './cmd/kube-controller-manager', ldflags: kubeLdflags },
  'kube-scheduler': { version: KUBE_VERSION, module: 'kube', pkg: './cmd/kube-scheduler', ldflags: kubeLdflags },
  kubectl: { version: KUBE_VERSION, module: 'kube', pkg: './cmd/kubectl', ldflags: kubeLdflags },
  kwok: { version: KWOK_VERSION, module: 'kwok', pkg: 'sigs.k8s.io/kwok/cmd/kwok', ldflags: '-s -w' },
};

export function cacheRoot() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'kube-upgrade-planner', 'bin');
}

/** Absolute path of a binary in the cache (it may not exist yet). */
export function binPath(name) {
  const b = BINARIES[name];
  if (!b) throw new Error(`unknown binary ${name}`);
  return join(cacheRoot(), `${name}-${b.version}`, name);
}

export function missingBinaries() {
  return Object.keys(BINARIES).filter((n) => !existsSync(binPath(n)));
}

function run(cmd, args, opts, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (d) => {
      const s = d.toString();
      tail = (tail + s).slice(-8000);
      log?.(s.trimEnd());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${tail}`))));
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function withLock(fn) {
  mkdirSync(cacheRoot(), { recursive: true });
  const lock = join(cacheRoot(), '.build.lock');
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      writeFileSync(lock, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(lock, 'utf8') || 0);
      if (holder && !pidAlive(holder)) {
        rmSync(lock, { force: true });
        continue;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Builds every binary that is missing from the cache; returns the names it built.
 * Go's module and build caches stay at Go's defaults (GOMODCACHE, GOCACHE), so a rebuild after a version bump is incremental.
 */
export async function ensureBinaries({ log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  if (missingBinaries().length === 0) return [];
  return withLock(async () => {
    const missing = missingBinaries();
    if (missing.length === 0) return [];
    log(`building control-plane binaries (once, cached in ${cacheRoot()}): ${missing.join(', ')}`);
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly -buildvcs=false', CGO_ENABLED: '0' };
    // Group by module and ldflags so shared packages compile once per `go build`; -p 2 bounds memory on small machines.
    const groups = new Map();
    for (const n of missing) {
      const b = BINARIES[n];
      const key = `${b.module}\0${b.ldflags}`;
      if (!groups.has(key)) groups.set(key, { module: b.module, ldflags: b.ldflags, names: [] });
      groups.get(key).names.push(n);
    }
    for (const g of groups.values()) {
      const tmp = mkdtempSync(join(cacheRoot(), '.tmp-'));
      try {
        const started = Date.now();
        const pkgs = g.names.map((n) => BINARIES[n].pkg);
        await run('go', ['build', '-p', '2', '-trimpath', '-ldflags', g.ldflags, '-o', `${tmp}/`, ...pkgs], { cwd: join(goDir, g.module), env }, log);
        for (const n of g.names) {
          const dest = binPath(n);
          mkdirSync(dirname(dest), { recursive: true });
          renameSync(join(tmp, n), dest);
        }
        log(`built ${g.names.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
    return missing;
  });
}
