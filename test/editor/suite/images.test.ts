import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { newClusterPlan } from './clusterPlan';
import { activeExtension } from './manifest';
import { closeAllEditorsDiscarding, until } from './until';

type PinOutcome = { ran: true; digests: Record<string, string> } | { ran: false; reason: string };
type DryRun = { ran: true; writes: { description: string; outcome: string; message?: string }[] } | { ran: false; reason: string };
type Exported = { ran: boolean; folder?: string; files?: string[]; reason?: string };

const TOKEN = 'editor-tier-token';
/** The digest the test registry gives `repo:tag`: its own, so that each image gets another. */
const digestOf = (repo: string, tag: string): string => `sha256:${createHash('sha256').update(`${repo}:${tag}`).digest('hex')}`;
const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));


/** A registry on loopback as Docker Hub behaves: a 401 Bearer challenge, an anonymous token, then the digest on HEAD. */
async function testRegistry(): Promise<{ url: string; seen: string[]; failing: Set<string>; close(): Promise<void> }> {
  const seen: string[] = [];
  const failing = new Set<string>();
  let url = '';
  const server = http.createServer((req, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    if (req.url?.startsWith('/token?')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: TOKEN }));
      return;
    }
    const m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(req.url ?? '');
    if (!m || req.method !== 'HEAD') {
      res.writeHead(404);
      res.end();
      return;
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${url}/token",service="test-registry",scope="repository:${m[1]}:pull"` });
      res.end();
      return;
    }
    if (failing.has(`${m[1]}:${m[2]}`)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'docker-content-digest': digestOf(m[1], m[2]), 'content-type': 'application/vnd.oci.image.index.v1+json' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, seen, failing,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('Pin Upgrade Images by Digest (a local registry as the mirror, the tier\'s k3s-demo cluster)', function () {
  this.timeout(120_000);
  const folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.test-output-images');
  let plan: vscode.Uri;
  let registry: Awaited<ReturnType<typeof testRegistry>>;
  const config = () => vscode.workspace.getConfiguration('upgradePlanner');
  const read = async (): Promise<string> => new TextDecoder().decode(await vscode.workspace.fs.readFile(plan));

  before(async () => {
    await activeExtension();
    registry = await testRegistry();
    await config().update('registryMirrors', { 'docker.io': registry.url, 'quay.io': registry.url }, vscode.ConfigurationTarget.Global);
    plan = await newClusterPlan(folder);
  });

  after(async () => {
    await closeAllEditorsDiscarding();
    await config().update('registryMirrors', undefined, vscode.ConfigurationTarget.Global);
    await registry?.close();
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  it('with pinByDigest and no digests: an error on each hop with the Pin quick fix, and Export for GitOps refuses naming the image', async () => {
    const doc = await vscode.workspace.openTextDocument(plan);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(plan, doc.positionAt(doc.getText().length), `${doc.getText().endsWith('\n') ? '' : '\n'}images:\n  pinByDigest: true\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
    const diag = await until('the image-not-pinned error', () => vscode.languages.getDiagnostics(plan).find((d) => codeOf(d) === 'image-not-pinned' && d.message.includes('rancher/k3s-upgrade')));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.match(doc.getText(diag.range), /^v1\.3[01]\.\d+\+k3s\d$/);
    assert.match(diag.message, /no digest for rancher\/k3s-upgrade:v1\.3[01]\.\d+-k3s\d/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', plan, diag.range, vscode.CodeActionKind.QuickFix.value);
    const pin = actions.find((a) => a.title === 'Pin Upgrade Images by Digest');
    assert.ok(pin?.command, actions.map((a) => a.title).join(', '));
    assert.equal(pin.command.command, 'upgradePlanner.pinImageDigests');

    const refused = await vscode.commands.executeCommand<Exported>('upgradePlanner.exportGitOps', plan);
    assert.equal(refused.ran, false);
    assert.match(refused.reason ?? '', /images\.pinByDigest is true but images\.digests has no digest for (rancher\/k3s-upgrade|rook\/ceph|quay\.io\/ceph\/ceph):v[\w.-]+: run "Pin Upgrade Images by Digest"/);
    const dry = await vscode.commands.executeCommand<Exported>('upgradePlanner.dryRun', plan);
    assert.equal(dry.ran, false, 'Dry Run sends nothing for a plan the run would refuse');
    assert.match(dry.reason ?? '', /no digest for (rancher\/k3s-upgrade|rook\/ceph|quay\.io\/ceph\/ceph):v[\w.-]+/);
  });

  it('a registry that fails names the image and the registry, and nothing is written', async () => {
    const before = await read();
    const first = /version: (v1\.3[01]\.\d+)\+(k3s\d)/.exec(before);
    assert.ok(first);
    registry.failing.add(`rancher/k3s-upgrade:${first[1]}-${first[2]}`);
    try {
      const r = await vscode.commands.executeCommand<PinOutcome>('upgradePlanner.pinImageDigests', plan);
      assert.equal(r.ran, false);
      assert.match(r.ran ? '' : r.reason, new RegExp(`^rancher/k3s-upgrade:${first[1].replace(/\./g, '\\.')}-${first[2]} at ${registry.url}: no such image or tag \\(HTTP 404\\)\\. Nothing was written`));
      assert.equal(await read(), before);
    } finally {
      registry.failing.clear();
    }
  });

  it('the quick fix\'s command pins every image; the rest of the plan is unchanged; Dry Run and Export use repo:tag@sha256', async () => {
    const before = await read();
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', plan, (await until('the error', () => vscode.languages.getDiagnostics(plan).find((d) => codeOf(d) === 'image-not-pinned'))).range, vscode.CodeActionKind.QuickFix.value);
    const cmd = actions.find((a) => a.title === 'Pin Upgrade Images by Digest')?.command;
    assert.ok(cmd);
    registry.seen.length = 0;
    const r = await vscode.commands.executeCommand<PinOutcome>(cmd.command, ...((cmd.arguments ?? []) as unknown[]));
    assert.ok(r.ran, r.ran ? '' : r.reason);
    // Every hop's image, each with the digest the registry gave it (Rook and Ceph on the cluster's own repositories).
    const hops = (parse(before) as { hops: { component: string; version: string }[] }).hops;
    const tagged = (v: string): string => (v.startsWith('v') ? v : `v${v}`);
    const refs = hops.map((h) => (h.component === 'k3s' ? `rancher/k3s-upgrade:${h.version.replace('+', '-')}` : h.component === 'rook' ? `rook/ceph:${tagged(h.version)}` : `quay.io/ceph/ceph:${tagged(h.version)}`));
    const want = Object.fromEntries(refs.map((ref) => {
      const at = ref.lastIndexOf(':');
      return [ref, digestOf(ref.slice(0, at).replace(/^quay\.io\//, ''), ref.slice(at + 1))];
    }));
    assert.ok(refs.some((ref) => ref.startsWith('rancher/k3s-upgrade:')), refs.join(', '));
    assert.deepEqual(r.digests, want);
    assert.ok(registry.seen.some((s) => s.startsWith('GET /token?')), registry.seen.join('\n'));

    const after = await until('the plan saved with its digests', async () => {
      const t = await read();
      return t !== before ? t : undefined;
    });
    const head = before.slice(0, before.indexOf('images:'));
    assert.ok(after.startsWith(head), 'everything before the images section is unchanged');
    assert.deepEqual((parse(after) as { images: unknown }).images, { pinByDigest: true, digests: want });
    await until('the image-not-pinned errors to go', () => (vscode.languages.getDiagnostics(plan).some((d) => codeOf(d) === 'image-not-pinned') ? undefined : true));

    const dry = await vscode.commands.executeCommand<DryRun>('upgradePlanner.dryRun', plan);
    assert.ok(dry.ran, dry.ran ? '' : dry.reason);
    const sucPlans = dry.writes.filter((w) => /^create Plan /.test(w.description));
    assert.ok(sucPlans.length >= 1, JSON.stringify(dry.writes.map((w) => w.description)));
    for (const w of sucPlans) {
      assert.equal(w.outcome, 'accepted', `${w.description}: ${w.message ?? ''}`);
      assert.match(w.description, /\(image rancher\/k3s-upgrade:v1\.3[01]\.\d+-k3s\d@sha256:[0-9a-f]{64}\)$/);
    }
    await closeAllEditorsDiscarding();

    const exported = await vscode.commands.executeCommand<Exported>('upgradePlanner.exportGitOps', plan);
    assert.ok(exported.ran, exported.reason);
    const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...(exported.folder ?? '').split('/'));
    const planFiles = (exported.files ?? []).filter((f) => /-plan-/.test(f));
    assert.ok(planFiles.length >= 1, JSON.stringify(exported.files));
    for (const f of exported.files ?? []) {
      if (f === 'README.md') continue;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, ...f.split('/'))));
      const images = [...text.matchAll(/^\s+image: (\S+)$/gm)].map((m) => m[1]);
      assert.ok(images.length >= 1, `${f}: ${text}`);
      for (const image of images) {
        const at = image.indexOf('@');
        assert.ok(at > 0, `${f}: ${image} is pinned`);
        assert.equal(image.slice(at + 1), want[image.slice(0, at)], `${f}: ${image}`);
      }
      if (planFiles.includes(f)) assert.match(text, /^\s+version: v1\.3[01]\.\d+\+k3s\d$/m, 'the Plan keeps its version');
    }
  });
});
