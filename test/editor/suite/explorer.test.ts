// The Clusters view in the real VS Code: rows come from the kubeconfig the tier passes (the fixture
// with unreachable servers, or a real k3s-demo cluster when UP_KUBECONFIG points at one).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activeExtension } from './manifest';

interface TreeRow {
  label: string;
  description: string | undefined;
  contextValue: string | undefined;
  children?: TreeRow[];
}
interface Api {
  explorer: { rows(depth: number, descend?: (row: TreeRow) => boolean): Promise<TreeRow[]>; reveal(contextName: string): Promise<boolean> };
}

async function api(): Promise<Api> {
  const ext = await activeExtension();
  const exported = ext.exports as Api | undefined;
  assert.ok(exported?.explorer, 'the extension exports no explorer API');
  return exported;
}

const kubeconfigText = (): string => readFileSync(process.env.KUBECONFIG ?? '', 'utf8');
const isDemo = (): boolean => /name: k3s-demo\b/.test(kubeconfigText());

describe('Clusters explorer', function () {
  this.timeout(60_000);

  before(async () => {
    await vscode.commands.executeCommand('upgradePlanner.clusters.focus');
  });

  it('lists every context of the kubeconfig, the current one marked', async () => {
    const rows = await (await api()).explorer.rows(0);
    const current = rows.filter((r) => r.contextValue === 'upgradePlanner.context.current');
    assert.equal(current.length, 1, JSON.stringify(rows));
    if (isDemo()) {
      assert.deepEqual(rows.map((r) => r.label), ['k3s-demo', 'k3s-demo-restricted', 'k3s-demo-unreachable']);
      assert.equal(current[0]?.label, 'k3s-demo');
    } else {
      assert.deepEqual(rows.map((r) => r.label), ['homelab-admin', 'homelab-readonly', 'staging']);
      assert.equal(current[0]?.label, 'homelab-admin');
      // The fixture's clusters set insecure-skip-tls-verify: said on every row, never used silently.
      for (const r of rows) assert.match(r.description ?? '', /⚠ TLS not verified/, JSON.stringify(r));
    }
  });

  it('an unreachable cluster is an error row with Retry, not a pop-up', async () => {
    const name = isDemo() ? 'k3s-demo-unreachable' : 'staging';
    const rows = await (await api()).explorer.rows(1, (r) => r.label === name);
    const row = rows.find((r) => r.label === name);
    assert.deepEqual(
      row?.children?.map((c) => [c.label, c.contextValue]),
      [['Cannot reach cluster — Retry', 'upgradePlanner.error.retryable']],
    );
    // Retry re-reads (and fails again: nothing listens there).
    await vscode.commands.executeCommand('upgradePlanner.retryCluster', name);
  });

  it('expands a cluster in the real view (reveal)', async () => {
    const a = await api();
    const name = isDemo() ? 'k3s-demo' : 'homelab-admin';
    assert.equal(await a.explorer.reveal(name), true);
  });

  it('shows the demo cluster: version, nodes with skew, components, snapshots', async function () {
    if (!isDemo()) this.skip();
    const rows = await (await api()).explorer.rows(3, (r) => r.label === 'k3s-demo' || ['Nodes', 'Components', 'Snapshots', 'Plans'].includes(r.label));
    const demo = rows.find((r) => r.label === 'k3s-demo')!;
    const groups = demo.children ?? [];
    assert.deepEqual(groups.map((g) => g.label), ['K3s v1.30.4+k3s1', 'Nodes', 'Components', 'Snapshots', 'Removed APIs', 'Plans']);
    const nodes = groups.find((g) => g.label === 'Nodes')!;
    assert.equal(nodes.children?.length, 8);
    assert.match(nodes.description ?? '', /^8 · all ready · 1 behind/);
    assert.match(nodes.children?.find((n) => n.label === 'k3s-agent-5')?.description ?? '', /agent · v1\.29\.8\+k3s1 · cordoned · 1 minor behind/);
    assert.match(nodes.children?.find((n) => n.label === 'k3s-server-1')?.description ?? '', /^server \(etcd\) · v1\.30\.4\+k3s1/);
    const components = groups.find((g) => g.label === 'Components')!.children ?? [];
    assert.deepEqual(components.map((c) => c.label), ['system-upgrade-controller', 'K3s embedded components', 'Rook operator', 'CephCluster rook-ceph', 'Velero']);
    assert.match(components[0]?.description ?? '', /^v0\.13\.4/);
    // Rook v1.14 stops at Kubernetes v1.30 (core/compat): said on its row, without waiting for the catalog.
    assert.match(components[2]?.description ?? '', /^v1\.14\.9 · \d\/1 ready · blocks Kubernetes v1\.31/);
    assert.match(components[3]?.description ?? '', /^Ceph v18\.2\.4 \(Reef\) · HEALTH_OK · 3 mons/);
    // The demo's snapshots are from 2024: older than the 24 h an upgrade needs.
    assert.match(groups.find((g) => g.label === 'Snapshots')?.description ?? '', /^3 · newest .* old — stale$/);
    const snapshots = groups.find((g) => g.label === 'Snapshots')!.children ?? [];
    assert.equal(snapshots.length, 3);
    assert.equal(snapshots[0]?.label, 'pre-upgrade-k3s-server-2-1725249602');
  });

  it('decorates the API server version from the shipped release catalog', async function () {
    if (!isDemo()) this.skip();
    // The catalog (dist/catalog/catalog.json in the working tree and in the .vsix) loads in the
    // background: wait for the decoration instead of sleeping.
    const deadline = Date.now() + 20_000;
    let description = '';
    while (Date.now() < deadline) {
      const rows = await (await api()).explorer.rows(1, (r) => r.label === 'k3s-demo');
      description = rows.find((r) => r.label === 'k3s-demo')?.children?.find((g) => g.label === 'K3s v1.30.4+k3s1')?.description ?? '';
      if (description.startsWith('newer')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The catalog knows later 1.30 patches and the 1.31 line; Rook v1.14 blocks the 1.31 line.
    assert.match(description, /^newer: .*v1\.30\.\d+\+k3s\d.*v1\.31\..* \(blocked by Rook v1\.14\)/);
    // Rook and Ceph get "newer" decorations from the same catalog.
    const rows = await (await api()).explorer.rows(2, (r) => r.label === 'k3s-demo' || r.label === 'Components');
    const components = rows.find((r) => r.label === 'k3s-demo')?.children?.find((g) => g.label === 'Components')?.children ?? [];
    assert.match(components.find((c) => c.label === 'Rook operator')?.description ?? '', /newer: patch v1\.14\.\d+ · minor v1\.15\.\d+/);
    assert.match(components.find((c) => c.label === 'CephCluster rook-ceph')?.description ?? '', /newer: Squid, Tentacle/);
  });

  it('lists removed APIs the demo cluster records, by removal version, when the group is expanded', async function () {
    if (!isDemo()) this.skip();
    const rows = await (await api()).explorer.rows(3, (r) => r.label === 'k3s-demo' || r.label === 'Removed APIs' || r.label.startsWith('Removed in'));
    const group = rows.find((r) => r.label === 'k3s-demo')?.children?.find((g) => g.label === 'Removed APIs');
    const versions = group?.children ?? [];
    assert.deepEqual(versions.filter((v) => v.label.startsWith('Removed in')).map((v) => v.label), ['Removed in v1.22', 'Removed in v1.25'], JSON.stringify(group));
    const v125 = versions.find((v) => v.label === 'Removed in v1.25')?.children ?? [];
    // The CronJob last applied as batch/v1beta1, and the Helm release whose newest revision renders policy/v1beta1.
    assert.deepEqual(v125.map((r) => r.label), ['CronJob shop/report', 'Helm release shop/legacy-shop (rev 2)']);
    assert.match(v125[1]?.description ?? '', /^policy\/v1beta1 PodDisruptionBudget → policy\/v1 · legacy-shop\/templates\/pdb\.yaml$/);
  });

  it('lists a workspace plan pinned to the demo cluster under Plans', async function () {
    if (!isDemo()) this.skip();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const server = /name: k3s-demo\n\s+cluster:\s*\n\s+server: (\S+)/.exec(kubeconfigText())?.[1] ?? /server: (\S+)/.exec(kubeconfigText())?.[1];
    const uri = vscode.Uri.joinPath(folder.uri, 'explorer-pinned.upgradeplan.yaml');
    const text = `apiVersion: upgradeplanner.dev/v1alpha1\nkind: UpgradePlan\nmetadata:\n  name: explorer-pinned\ncluster:\n  contextName: k3s-demo\n  server: ${server ?? ''}\ncomponents: []\nhops: []\n`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const rows = await (await api()).explorer.rows(2, (r) => r.label === 'k3s-demo' || r.label === 'Plans');
      const plans = rows.find((r) => r.label === 'k3s-demo')?.children?.find((g) => g.label === 'Plans');
      assert.ok(plans?.children?.some((p) => p.label === 'explorer-pinned'), JSON.stringify(plans));
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
