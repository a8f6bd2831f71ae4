// Loads a scenario file (cluster/scenarios/<name>.yaml) and expands it into plain Kubernetes manifests.
// Format (see cluster/README.md):
//   name, description
//   simulator: { stepDelayMs }            simulator pacing (ms per upgrade step)
//   faults: { stuckNodes: [..], cephStuckWarn: bool, failSnapshotJobs: bool, veleroBackupOutcome: Completed|PartiallyFailed|Failed,
//             nodePressure: "node=MemoryPressure,…" }
//   nodes: [{ name, role: server|agent, version, labels?, annotations?, taints?, unschedulable? }]
//   generate: { nodes: {...}, namespaces: {...} }   bulk generators (large scenario)
//   objects: [manifest, …]                 any Kubernetes objects (status is written too)
//   helmReleases: [{ name, namespace, chart: { name, version, appVersion }, revisions: [{ revision, status, manifest }] }]
//                                          Helm 3 release Secrets, encoded as Helm stores them
import { readFileSync, existsSync } from 'node:fs';
import { constants, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse } from 'yaml';
import { root } from './binaries.mjs';

export const scenariosDir = join(root, 'cluster', 'scenarios');
export const SIM_CONFIGMAP = { namespace: 'kube-system', name: 'upgrade-planner-simulator' };

export function loadScenario(nameOrPath) {
  const file = existsSync(nameOrPath) ? nameOrPath : join(scenariosDir, `${nameOrPath}.yaml`);
  if (!existsSync(file)) throw new Error(`no scenario ${nameOrPath} (looked for ${file})`);
  const doc = parse(readFileSync(file, 'utf8'));
  if (!doc?.name) throw new Error(`${file}: scenario needs a name`);
  return { file, ...doc };
}

const ROLE_LABELS = {
  // K3s labels servers with all three roles (value "true").
  server: { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/master': 'true' },
  agent: {},
};

/** One K3s node as K3s registers it, plus the annotation that hands it to kwok. */
export function nodeManifest({ name, role = 'agent', version, labels = {}, annotations = {}, taints, unschedulable = false, index = 0, cpu = '4', memory = '16Gi' }) {
  const ip = `10.42.${Math.floor(index / 250)}.${(index % 250) + 2}`;
  const goArch = 'amd64';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/arch': goArch,
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/instance-type': 'k3s',
        'kubernetes.io/arch': goArch,
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'k3s',
        'k3s-upgrade': 'true',
        'type': 'kwok',
        ...ROLE_LABELS[role],
        ...labels,
      },
      annotations: {
        'kwok.x-k8s.io/node': 'fake',
        'k3s.io/hostname': name,
        'k3s.io/internal-ip': ip,
        'k3s.io/node-args': JSON.stringify(role === 'server' ? ['server', '--cluster-init'] : ['agent']),
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        ...annotations,
      },
    },
    // unschedulable: cordoned as `kubectl cordon` leaves it (the node lifecycle controller adds its NoSchedule taint).
    spec: { providerID: `k3s://${name}`, ...(unschedulable ? { unschedulable: true } : {}), ...(taints ? { taints } : {}) },
    status: {
      addresses: [
        { type: 'InternalIP', address: ip },
        { type: 'Hostname', address: name },
      ],
      capacity: { cpu, memory, pods: '110', 'ephemeral-storage': '100Gi' },
      allocatable: { cpu, memory, pods: '110', 'ephemeral-storage': '95Gi' },
      nodeInfo: {
        kubeletVersion: version,
        kubeProxyVersion: version,
        containerRuntimeVersion: 'containerd://1.7.20-k3s1',
        kernelVersion: '6.8.0-45-generic',
        osImage: 'Ubuntu 24.04.1 LTS',
        operatingSystem: 'linux',
        architecture: goArch,
        machineID: '',
        systemUUID: '',
        bootID: '',
      },
    },
  };
}

function generateNodes(g) {
  const out = [];
  const width = String(g.count).length;
  for (let i = 0; i < g.count; i++) {
    const server = i < (g.servers ?? 3);
    const n = server ? i + 1 : i + 1 - (g.servers ?? 3);
    const name = `${server ? g.serverPrefix ?? 'server-' : g.agentPrefix ?? 'agent-'}${String(n).padStart(width, '0')}`;
    const lagging = !server && g.laggingEvery && n % g.laggingEvery === 0;
    out.push(nodeManifest({ name, role: server ? 'server' : 'agent', version: lagging ? g.laggingVersion : g.version, index: i }));
  }
  return out;
}

function generateNamespaces(g) {
  const out = [];
  for (let i = 1; i <= g.count; i++) {
    const ns = `${g.prefix ?? 'team-'}${String(i).padStart(3, '0')}`;
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: `t${i % 17}` } } });
    for (let j = 1; j <= (g.configMaps ?? 0); j++) {
      out.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${j}`, namespace: ns }, data: { 'app.properties': `team=${i}\nindex=${j}\n` } });
    }
    for (let j = 1; j <= (g.secrets ?? 0); j++) {
      out.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `secret-${j}`, namespace: ns }, type: 'Opaque', stringData: { token: `t-${i}-${j}` } });
    }
    for (let j = 1; j <= (g.deployments ?? 0); j++) {
      const app = `app-${j}`;
      out.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: app, namespace: ns, labels: { app } },
        spec: {
          replicas: j <= (g.runningDeployments ?? 0) ? 1 : 0,
          selector: { matchLabels: { app } },
          template: { metadata: { labels: { app } }, spec: { containers: [{ name: app, image: `registry.example.com/${ns}/${app}:1.${j}.0` }] } },
        },
      });
      if (j <= (g.services ?? 0)) {
        // The first Service of a namespace gets a ClusterIP, the others are headless (ClusterIP allocation is
        // the slowest create in 1.36: one IPAddress object per Service).
        const clusterIP = j === 1 ? {} : { clusterIP: 'None' };
        out.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: app, namespace: ns }, spec: { ...clusterIP, selector: { app }, ports: [{ port: 80, targetPort: 8080 }] } });
      }
    }
  }
  return out;
}

/** The Deployments the Rook operator creates for a CephCluster's daemons, labelled as Rook labels them. */
export function rookDaemons(r) {
  const out = [];
  for (const [type, ids] of Object.entries(r.daemons ?? {})) {
    for (const id of ids) {
      const name = `rook-ceph-${type}-${id}`;
      const labels = {
        app: `rook-ceph-${type}`,
        rook_cluster: r.cluster,
        'rook-version': r.rookVersion,
        'ceph-version': r.cephVersion,
        ceph_daemon_type: type,
        ceph_daemon_id: id,
        [type === 'osd' ? 'ceph-osd-id' : type]: id,
        'app.kubernetes.io/name': `ceph-${type}`,
        'app.kubernetes.io/instance': id,
        'app.kubernetes.io/component': `cephclusters.ceph.rook.io`,
        'app.kubernetes.io/part-of': r.cluster,
        'app.kubernetes.io/managed-by': 'rook-ceph-operator',
        'app.kubernetes.io/created-by': 'rook-ceph-operator',
      };
      out.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: r.namespace, labels },
        spec: {
          replicas: 1,
          strategy: { type: 'Recreate' },
          selector: { matchLabels: { app: labels.app, rook_cluster: r.cluster, ceph_daemon_id: id } },
          template: {
            metadata: { labels: { app: labels.app, rook_cluster: r.cluster, ceph_daemon_id: id, ceph_daemon_type: type } },
            spec: { containers: [{ name: type, image: r.cephImage, command: [`ceph-${type}`] }] },
          },
        },
      });
    }
  }
  return out;
}

/** All manifests of a scenario, in creation order (namespaces and nodes first). */
export function expandScenario(s) {
  const objs = [];
  (s.nodes ?? []).forEach((n, i) => objs.push(nodeManifest({ ...n, index: i })));
  if (s.generate?.nodes) objs.push(...generateNodes(s.generate.nodes));
  if (s.generate?.namespaces) objs.push(...generateNamespaces(s.generate.namespaces));
  for (const o of s.objects ?? []) objs.push(o);
  for (const r of s.helmReleases ?? []) for (const rev of r.revisions ?? []) objs.push(helmReleaseSecret(r, rev));
  if (s.rook) objs.push(...rookDaemons(s.rook));
  objs.push(simulatorConfigMap(s));
  return objs;
}

/**
 * One revision of a Helm 3 release as Helm's Secrets driver stores it (helm pkg/storage/driver: secrets.go
 * newSecretsObject, util.go encodeRelease): json.Marshal(release) → gzip BestCompression → base64, kept as the
 * Secret's `data.release` bytes (so base64 once more in the manifest), labels name/owner/status/version.
 */
export function helmReleaseSecret(r, rev) {
  const release = {
    name: r.name,
    info: { first_deployed: '2021-03-01T10:00:00Z', last_deployed: '2021-06-01T10:00:00Z', deleted: '', description: rev.status === 'deployed' ? 'Upgrade complete' : 'Install complete', status: rev.status },
    chart: { metadata: { name: r.chart.name, version: r.chart.version, appVersion: r.chart.appVersion, apiVersion: 'v2' }, lock: null, templates: [], values: {}, schema: null, files: [] },
    config: {},
    manifest: rev.manifest,
    version: rev.revision,
    namespace: r.namespace,
  };
  const helm = gzipSync(Buffer.from(JSON.stringify(release)), { level: constants.Z_BEST_COMPRESSION }).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `sh.helm.release.v1.${r.name}.v${rev.revision}`, namespace: r.namespace, labels: { name: r.name, owner: 'helm', status: rev.status, version: String(rev.revision) } },
    type: 'helm.sh/release.v1',
    data: { release: Buffer.from(helm).toString('base64') },
  };
}

/** The simulator's live knobs; tests flip faults by patching this ConfigMap. */
export function simulatorConfigMap(s) {
  const f = s.faults ?? {};
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...SIM_CONFIGMAP, labels: { 'app.kubernetes.io/managed-by': 'upgrade-planner-simulator' } },
    data: {
      stepDelayMs: String(s.simulator?.stepDelayMs ?? 300),
      stuckNodes: (f.stuckNodes ?? []).join(','),
      cephStuckWarn: String(Boolean(f.cephStuckWarn)),
      failSnapshotJobs: String(Boolean(f.failSnapshotJobs)),
      veleroBackupOutcome: f.veleroBackupOutcome ?? 'Completed',
      nodePressure: typeof f.nodePressure === 'string' ? f.nodePressure : Object.entries(f.nodePressure ?? {}).map(([n, c]) => `${n}=${c}`).join(','),
    },
  };
}

/** Creation order: cluster-scoped infrastructure, then namespaced objects. */
export function orderOf(o) {
  const order = ['Namespace', 'Node', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ServiceAccount', 'Role', 'RoleBinding', 'ConfigMap', 'Secret'];
  const i = order.indexOf(o.kind);
  // Services need nothing but their namespace: created together with the workloads.
  return i === -1 ? order.length : i;
}
