// Starts a real Kubernetes control plane on loopback for tests and the demo:
// etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (fake nodes), the real CRDs from
// test/fixtures/crds, RBAC for a restricted user, a scenario's objects, and the simulator (cluster/sim/main.ts).
//
//   const c = await startCluster({ scenario: 'k3s-demo', dir, simulate: true, log });
//   c.kubeconfig, c.contexts.{admin,restricted,unreachable}, c.server, await c.stop()
//
// Every process is started detached with its own log in <dir>/logs and recorded in <dir>/state.json, so
// `stopClusterDir(dir)` (scripts/cluster.mjs down) can stop exactly those PIDs from another process, and
// `restartApiServer(dir)` can restart the kube-apiserver mid-test (the other components reconnect by themselves).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { ensureBinaries, binPath, root } from './binaries.mjs';
import { Rest, pool, waitFor } from './rest.mjs';
import { loadScenario, expandScenario, orderOf } from './scenario.mjs';
import { kwokConfig } from './kwok-config.mjs';

export { ensureBinaries } from './binaries.mjs';

const crdDir = join(root, 'test', 'fixtures', 'crds');
const STATE = 'state.json';

/** A free loopback port (bound to 0, then released). */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  // A zombie (exited, not yet reaped by whoever inherited it) is not running.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** True when pid is alive and its command line mentions `marker` (guards against a reused PID). */
function pidIsOurs(pid, marker) {
  if (!pidAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return true; // no /proc: trust the state file
  }
}

async function stopPid(pid, marker, { graceMs = 10000 } = {}) {
  if (!pid || !pidIsOurs(pid, marker)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (pidAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    while (pidAlive(pid)) await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops every process recorded in <dir>/state.json, newest first. Safe to call twice. */
export async function stopClusterDir(dir) {
  const file = join(dir, STATE);
  if (!existsSync(file)) return false;
  const state = JSON.parse(readFileSync(file, 'utf8'));
  const procs = [...(state.processes ?? [])].reverse();
  for (const p of procs) {
    const t = Date.now();
    await stopPid(p.pid, p.marker);
    p.stopMs = Date.now() - t;
  }
  state.stopped = new Date().toISOString();
  state.processes = procs.reverse().map((p) => ({ ...p, stopped: true }));
  writeFileSync(file, JSON.stringify(state, null, 2));
  return true;
}

export function readState(dir) {
  const file = join(dir, STATE);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** Starts `cmd args` detached in `dir`, its output appended to <dir>/logs/<name>.log; the caller records the PID. */
function spawnLogged(dir, name, cmd, args, env) {
  const out = openSync(join(dir, 'logs', `${name}.log`), 'a');
  const child = spawn(cmd, args, { cwd: dir, detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  closeSync(out);
  child.unref();
  return child;
}

/** The admin bearer token of a cluster dir (first line of tokens.csv), for the harness's own probes; never logged. */
function adminToken(dir) {
  return readFileSync(join(dir, 'tokens.csv'), 'utf8').split('\n')[0].split(',')[0];
}

/**
 * Restarts the kube-apiserver of the cluster running in `dir`: stops exactly the PID state.json records (as
 * `stopClusterDir` does), starts the same binary again with the same arguments (port, certs in <dir>/certs,
 * tokens, etcd), records the new PID in state.json (so `down` stops it) and waits for /readyz. etcd keeps the
 * data; the controller manager, scheduler, kwok and the simulator reconnect by themselves.
 * @returns {Promise<{ pid: number, downMs: number, readyMs: number }>} the new PID, and how long the API server was away
 */
export async function restartApiServer(dir, { timeoutMs = 90000, log = () => {} } = {}) {
  dir = resolve(dir);
  const state = readState(dir);
  const rec = state?.processes?.find((p) => p.name === 'kube-apiserver' && !p.stopped);
  if (!rec || !pidIsOurs(rec.pid, rec.marker)) throw new Error(`no running kube-apiserver recorded in ${join(dir, STATE)}`);
  // Clusters started before the arguments were recorded: read them from /proc.
  const args = rec.args ?? readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0').filter(Boolean).slice(1);
  const save = () => writeFileSync(join(dir, STATE), JSON.stringify(state, null, 2));
  // Said before the stop, so that startCluster's exit listener does not report an early exit.
  rec.restarting = true;
  save();
  const t0 = Date.now();
  await stopPid(rec.pid, rec.marker);
  const child = spawnLogged(dir, 'kube-apiserver', rec.cmd, args, {});
  const downMs = Date.now() - t0;
  Object.assign(rec, { pid: child.pid, args, restarts: (rec.restarts ?? 0) + 1 });
  delete rec.restarting;
  delete rec.exited;
  save();
  const probe = new Rest({ server: state.server ?? `https://127.0.0.1:${state.ports.apiserver}`, token: adminToken(dir) });
  try {
    await waitFor('kube-apiserver /readyz after a restart', async () => {
      if (child.exitCode !== null) throw new Error(`kube-apiserver exited (code ${child.exitCode}); see ${join(dir, 'logs', 'kube-apiserver.log')}`);
      return (await probe.request('GET', '/readyz')) === 'ok';
    }, { timeoutMs, intervalMs: 100 });
  } finally {
    probe.close();
  }
  const readyMs = Date.now() - t0;
  log(`kube-apiserver restarted (pid ${child.pid}): stopped in ${(downMs / 1000).toFixed(1)} s, ready in ${(readyMs / 1000).toFixed(1)} s`);
  return { pid: child.pid, downMs, readyMs };
}

function kubeconfigYaml({ scenario, server, ca, adminToken, restrictedToken, unreachablePort }) {
  const caData = Buffer.from(ca).toString('base64');
  const admin = scenario;
  const restricted = `${scenario}-restricted`;
  const unreachable = `${scenario}-unreachable`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': admin,
    clusters: [
      { name: admin, cluster: { server, 'certificate-authority-data': caData } },
      { name: restricted, cluster: { server, 'certificate-authority-data': caData } },
      { name: unreachable, cluster: { server: `https://127.0.0.1:${unreachablePort}`, 'certificate-authority-data': caData } },
    ],
    users: [
      { name: `${admin}-admin`, user: { token: adminToken } },
      { name: `${restricted}-viewer`, user: { token: restrictedToken } },
    ],
    contexts: [
      { name: admin, context: { cluster: admin, user: `${admin}-admin` } },
      { name: restricted, context: { cluster: restricted, user: `${restricted}-viewer`, namespace: 'default' } },
      { name: unreachable, context: { cluster: unreachable, user: `${admin}-admin` } },
    ],
  });
}

/** RBAC for the restricted user: read everything, write nothing (so creating Plans or patching Deployments is a real 403). */
const RESTRICTED_USER = 'upgrade-planner-viewer';
const restrictedRbac = [
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'upgrade-planner-read-only' },
    rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }, { nonResourceURLs: ['*'], verbs: ['get'] }],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'upgrade-planner-read-only' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'upgrade-planner-read-only' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: RESTRICTED_USER }],
  },
];

function loadCrds() {
  const out = [];
  for (const f of readdirSync(crdDir).filter((n) => n.endsWith('.yaml')).sort()) {
    for (const d of parseAllDocuments(readFileSync(join(crdDir, f), 'utf8'))) {
      const o = d.toJS();
      if (o?.kind === 'CustomResourceDefinition') out.push(o);
    }
  }
  return out;
}

/**
 * @param {{ scenario?: string, dir?: string, simulate?: boolean, log?: (line: string) => void, quiet?: boolean }} [opts]
 */
export async function startCluster({ scenario = 'k3s-demo', dir, simulate = true, log = (s) => process.stderr.write(`[cluster] ${s}\n`) } = {}) {
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  const spec = loadScenario(scenario);
  await ensureBinaries({ log });
  dir = resolve(dir ?? mkdtempSync(join(tmpdir(), 'kup-cluster-')));
  if (readState(dir)?.processes?.some((p) => !p.stopped && pidIsOurs(p.pid, p.marker))) {
    throw new Error(`a cluster is already running in ${dir}; stop it first (node scripts/cluster.mjs down --dir ${dir})`);
  }
  for (const sub of ['etcd', 'certs', 'logs']) rmSync(join(dir, sub), { recursive: true, force: true });
  rmSync(join(dir, 'simulator.ready'), { force: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'certs'), { recursive: true });

  const state = { scenario: spec.name, dir, started: new Date().toISOString(), processes: [], ports: {} };
  const saveState = () => writeFileSync(join(dir, STATE), JSON.stringify(state, null, 2));
  const children = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopClusterDir(dir);
  };

  const run = (name, cmd, args, env) => {
    const child = spawnLogged(dir, name, cmd, args, env);
    // The arguments hold paths and ports only (tokens live in files): restartApiServer starts the same command again.
    const rec = { name, pid: child.pid, marker: dir, cmd, args };
    // The marker (the run dir) appears in every command line we start, so `down` never kills a reused PID.
    state.processes.push(rec);
    saveState();
    children.push(child);
    child.on('exit', (code, signal) => {
      rec.exited = { code, signal };
      // Stopped on purpose by restartApiServer (it says so in state.json first): not an early exit.
      let restarting = false;
      try {
        restarting = Boolean(readState(dir)?.processes?.some((p) => p.name === name && (p.pid !== child.pid || p.restarting)));
      } catch {
        /* state.json being rewritten: report the exit */
      }
      if (!stopped && !restarting) log(`${name} exited early (code ${code}, signal ${signal}); see ${join(dir, 'logs', `${name}.log`)}`);
    });
    return child;
  };
  const exitedEarly = () => state.processes.find((p) => p.exited && !stopped);

  try {
    const [etcdClient, etcdPeer, apiPort, kcmPort, schedPort, kwokPort, unreachablePort] = await Promise.all(Array.from({ length: 7 }, freePort));
    Object.assign(state.ports, { etcdClient, etcdPeer, apiserver: apiPort, controllerManager: kcmPort, scheduler: schedPort, kwok: kwokPort, unreachable: unreachablePort });
    const adminToken = randomBytes(24).toString('hex');
    const restrictedToken = randomBytes(24).toString('hex');
    const componentToken = randomBytes(24).toString('hex');
    writeFileSync(
      join(dir, 'tokens.csv'),
      [
        `${adminToken},admin,admin,system:masters`,
        `${restrictedToken},${RESTRICTED_USER},${RESTRICTED_USER},upgrade-planner:viewers`,
        `${componentToken},system:control-plane-components,control-plane,system:masters`,
      ].join('\n') + '\n',
      { mode: 0o600 },
    );
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });

    // etcd
    run('etcd', binPath('etcd'), [
      '--name=default', `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`, `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`, `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeer}`, '--listen-metrics-urls=', '--log-level=warn',
      '--unsafe-no-fsync=true', '--quota-backend-bytes=4294967296',
    ]);
    await waitFor('etcd /health', async () => {
      if (exitedEarly()) throw new Error('etcd exited');
      const r = await fetch(`http://127.0.0.1:${etcdClient}/health`);
      return r.ok && (await r.json()).health === 'true';
    }, { timeoutMs: 30000 });
    log(`etcd ready on 127.0.0.1:${etcdClient} (${elapsed()})`);

    // kube-apiserver
    const server = `https://127.0.0.1:${apiPort}`;
    run('kube-apiserver', binPath('kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`, `--cert-dir=${join(dir, 'certs')}`, `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--authorization-mode=Node,RBAC', '--service-cluster-ip-range=10.43.0.0/16', '--allow-privileged=true',
      `--service-account-issuer=${server}`, `--service-account-key-file=${join(dir, 'sa.key')}`,
      `--service-account-signing-key-file=${join(dir, 'sa.key')}`, '--enable-priority-and-fairness=false',
      '--max-requests-inflight=2000', '--max-mutating-requests-inflight=1000', '--v=1',
    ]);
    const probe = new Rest({ server, token: adminToken });
    await waitFor('kube-apiserver /readyz', async () => {
      if (exitedEarly()) throw new Error('kube-apiserver exited');
      return (await probe.request('GET', '/readyz')) === 'ok';
    }, { timeoutMs: 90000, intervalMs: 200 });
    probe.close();
    const ca = readFileSync(join(dir, 'certs', 'apiserver.crt'));
    log(`kube-apiserver ready at ${server} (${elapsed()})`);

    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml({ scenario: spec.name, server, ca, adminToken, restrictedToken, unreachablePort }), { mode: 0o600 });
    const componentKubeconfig = join(dir, 'components.kubeconfig');
    writeFileSync(componentKubeconfig, kubeconfigYaml({ scenario: 'components', server, ca, adminToken: componentToken, restrictedToken, unreachablePort }), { mode: 0o600 });

    run('kube-controller-manager', binPath('kube-controller-manager'), [
      `--kubeconfig=${componentKubeconfig}`, `--authentication-kubeconfig=${componentKubeconfig}`, `--authorization-kubeconfig=${componentKubeconfig}`,
      '--leader-elect=false', `--service-account-private-key-file=${join(dir, 'sa.key')}`, `--root-ca-file=${join(dir, 'certs', 'apiserver.crt')}`,
      '--bind-address=127.0.0.1', `--secure-port=${kcmPort}`, `--cert-dir=${join(dir, 'certs', 'kcm')}`, '--use-service-account-credentials=false',
      '--cluster-cidr=10.244.0.0/16', '--service-cluster-ip-range=10.43.0.0/16', '--kube-api-qps=200', '--kube-api-burst=400', '--v=1',
    ]);
    run('kube-scheduler', binPath('kube-scheduler'), [
      `--kubeconfig=${componentKubeconfig}`, `--authentication-kubeconfig=${componentKubeconfig}`, `--authorization-kubeconfig=${componentKubeconfig}`,
      '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${schedPort}`, `--cert-dir=${join(dir, 'certs', 'scheduler')}`, '--v=1',
    ]);
    const kwokConfigFile = join(dir, 'kwok.yaml');
    writeFileSync(kwokConfigFile, kwokConfig());
    run('kwok', binPath('kwok'), [
      `--kubeconfig=${componentKubeconfig}`, `--config=${kwokConfigFile}`, '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', `--server-address=127.0.0.1:${kwokPort}`,
      '--node-lease-duration-seconds=40', '--cidr=10.244.0.0/16', '--node-ip=10.42.255.1',
    ]);

    // From here on, talk to the API server with its own CA.
    const rest = new Rest({ server, token: adminToken, ca, maxSockets: 32 });
    try {
      const crds = loadCrds();
      await pool(crds, 8, (o) => rest.create(o));
      await waitFor('CRDs established', async () => {
        const list = await rest.get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
        const est = list.items.filter((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True'));
        return est.length >= crds.length;
      }, { timeoutMs: 60000, intervalMs: 200 });
      log(`${crds.length} CRDs established (${elapsed()})`);
      await pool(restrictedRbac, 2, (o) => rest.create(o));

      const seedStart = Date.now();
      const objs = expandScenario(spec);
      const groups = new Map();
      for (const o of objs) {
        const k = orderOf(o);
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(o);
      }
      for (const k of [...groups.keys()].sort((a, b) => a - b)) {
        const g0 = Date.now();
        await pool(groups.get(k), 48, async (o) => {
          try {
            await rest.create(o);
          } catch (e) {
            // Namespaces the API server creates itself (kube-system, default) may appear in a scenario.
            if (!(e.status === 409 && o.kind === 'Namespace')) throw new Error(`seeding ${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}: ${e.message}`);
          }
        });
        if (groups.get(k).length > 100) log(`  ${groups.get(k).length} × ${[...new Set(groups.get(k).map((o) => o.kind))].join('/')} in ${((Date.now() - g0) / 1000).toFixed(1)} s`);
      }
      state.seed = { objects: objs.length, ms: Date.now() - seedStart };
      log(`seeded ${objs.length} objects of scenario ${spec.name} in ${(state.seed.ms / 1000).toFixed(1)} s (${elapsed()})`);
    } finally {
      rest.close();
    }
    if (exitedEarly()) throw new Error(`${exitedEarly().name} exited; see ${join(dir, 'logs')}`);

    if (simulate) {
      const sim = run('simulator', process.execPath, ['--require', createRequire(join(root, 'package.json')).resolve('tsx/cjs'), join(root, 'cluster', 'sim', 'main.ts'), '--kubeconfig', kubeconfig, '--context', spec.name, '--run-dir', dir], {});
      await waitFor('simulator ready', () => {
        if (sim.exitCode !== null) throw new Error('simulator exited');
        return existsSync(join(dir, 'simulator.ready'));
      }, { timeoutMs: 60000, intervalMs: 100 });
      log(`simulator running (${elapsed()})`);
    }

    const contexts = { admin: spec.name, restricted: `${spec.name}-restricted`, unreachable: `${spec.name}-unreachable` };
    Object.assign(state, { kubeconfig, server, contexts, readyMs: Date.now() - t0 });
    saveState();
    log(`cluster ${spec.name} up in ${elapsed()}: KUBECONFIG=${kubeconfig}`);
    return { dir, kubeconfig, contexts, server, seed: state.seed, stop };
  } catch (e) {
    await stop();
    e.message += ` (logs in ${join(dir, 'logs')})`;
    throw e;
  }
}
