import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTransport } from '../../../src/kube/transport';
import { timedAsync, underBudgetAsync } from '../helpers/timing';
import { kubeConfigFor, startServer, within } from './localServer';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return cond();
}

function execUser(script: string, extraArgs: string[] = []) {
  return {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: ['-e', script, 'SECRET-ARG', ...extraArgs],
      env: [{ name: 'PLUGIN_TOKEN', value: 'SECRET-ENV' }],
    },
  };
}

describe('kube/transport credential plugins', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'up-exec-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a plugin that never exits fails after the time limit, names only the command, and is killed', async () => {
    const pidFile = path.join(dir, 'pid');
    const script = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000);`;
    // A run over the time budget (a loaded machine) is repeated whole, with a fresh server and plugin.
    const { value: r, ms } = await underBudgetAsync(4000, async () => {
      const server = await startServer((_req, res) => res.end('{}'));
      try {
        return await timedAsync(() =>
          within(
            createTransport(kubeConfigFor(server.url, execUser(script)), 'local', { credentialTimeoutMs: 1000 }).then(
              () => 'connected',
              (e: unknown) => (e instanceof Error ? e.message : String(e)),
            ),
            8000,
            'createTransport',
          ),
        );
      } finally {
        await server.close();
      }
    });
    assert.equal(r, `the credential plugin ${path.basename(process.execPath)} did not answer within 1 s`);
    assert.ok(ms < 4000, `took ${ms.toFixed(0)} ms`);
    assert.doesNotMatch(r, /SECRET/);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(await until(() => !alive(pid), 3000), `plugin process ${pid} still running`);
  });

  it('a failing plugin is reported by command name and first line of its error output only', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    try {
      const script = `process.stderr.write('token expired: run login\\nmore detail\\n'); process.exit(3);`;
      const r = await within(
        createTransport(kubeConfigFor(server.url, execUser(script)), 'local', { credentialTimeoutMs: 5000 }).then(
          () => 'connected',
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        ),
        8000,
        'createTransport',
      );
      assert.equal(r, `the credential plugin ${path.basename(process.execPath)} failed: token expired: run login`);
    } finally {
      await server.close();
    }
  });

  it('a plugin that answers in time gives its token to the requests', async () => {
    let auth: string | undefined;
    const server = await startServer((req, res) => {
      auth = req.headers.authorization;
      res.end('{"gitVersion":"v1.30.4"}');
    });
    try {
      const cred = { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-plugin' } };
      const script = `process.stdout.write(${JSON.stringify(JSON.stringify(cred))})`;
      const t = await within(createTransport(kubeConfigFor(server.url, execUser(script)), 'local', { credentialTimeoutMs: 5000 }), 8000, 'createTransport');
      const res = await t.get('/version');
      t.dispose();
      assert.equal(res.status, 200);
      assert.equal(auth, 'Bearer from-plugin');
    } finally {
      await server.close();
    }
  });
  it('a plugin that floods its output is stopped at the output cap', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    try {
      const script = `process.stdout.write('x'.repeat(4e6)); setInterval(() => {}, 1000);`;
      const r = await within(
        createTransport(kubeConfigFor(server.url, execUser(script)), 'local', { credentialTimeoutMs: 5000, maxCredentialBytes: 64 * 1024 }).then(
          () => 'connected',
          (e: unknown) => (e instanceof Error ? e.message : String(e)),
        ),
        8000,
        'createTransport',
      );
      assert.equal(r, `the credential plugin ${path.basename(process.execPath)} wrote more than 64 KB; stopped it`);
    } finally {
      await server.close();
    }
  });
});
