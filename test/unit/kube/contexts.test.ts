import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKubeconfig } from '../../../src/kube/contexts';
import { setCurrentContext } from '../../../src/kube/currentContext';

const typo = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example:6443
users:
- name: admin
  user:
    client-key-data: SECRETKEY
    password: hunter2
   username: admin
contexts:
- name: prod
  context: { cluster: prod, user: admin }
current-context: prod
`;

function kubeconfig(clusters: [string, string, boolean?][], users: [string, string][], contexts: [string, string, string][], current?: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...clusters.map(([n, s, insecure]) => `- name: ${n}\n  cluster:\n    server: ${s}${insecure ? '\n    insecure-skip-tls-verify: true' : ''}`),
    'users:',
    ...users.map(([n, t]) => `- name: ${n}\n  user:\n    token: ${t}`),
    'contexts:',
    ...contexts.map(([n, c, u]) => `- name: ${n}\n  context:\n    cluster: ${c}\n    user: ${u}`),
    ...(current ? [`current-context: ${current}`] : []),
    '',
  ].join('\n');
}

describe('kube/contexts loading kubeconfig files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'up-kc-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };

  it('a YAML typo is reported by file, line and column, never with the file content', async () => {
    const f = write('config', typo);
    const r = await loadKubeconfig({ files: [f], origin: 'setting' });
    assert.ok(!r.ok);
    assert.doesNotMatch(r.error, /SECRETKEY|hunter2|username|admin|prod\.example/);
    assert.match(r.error, new RegExp(`${f.replace(/[.\\]/g, '\\$&')}.* line 12, column 4`));
  });

  it('setCurrentContext on a file with a typo says where, not what', async () => {
    const f = write('config', typo);
    const r = await setCurrentContext({ files: [f], origin: 'setting' }, 'prod');
    assert.ok(!r.ok);
    assert.doesNotMatch(r.error, /SECRETKEY|hunter2|username|admin|prod\.example/);
    assert.match(r.error, /line 12/);
    assert.equal(fs.readFileSync(f, 'utf8'), typo);
  });

  it('KUBECONFIG files sharing cluster, user and context names merge as kubectl does: first wins', async () => {
    const a = write('a', kubeconfig([['shared', 'https://a.example']], [['admin', 'ta']], [['ctx-a', 'shared', 'admin'], ['both', 'shared', 'admin']]));
    const b = write('b', kubeconfig([['shared', 'https://b.example'], ['only-b', 'https://ob.example']], [['admin', 'tb']], [['both', 'only-b', 'admin'], ['ctx-b', 'only-b', 'admin']], 'ctx-b'));
    const r = await loadKubeconfig({ files: [a, b], origin: 'KUBECONFIG' });
    assert.ok(r.ok && r.value.kind === 'loaded', JSON.stringify(!r.ok && r.error));
    const byName = new Map(r.value.contexts.map((c) => [c.name, c]));
    assert.deepEqual([...byName.keys()], ['ctx-a', 'both', 'ctx-b']);
    assert.equal(byName.get('ctx-a')?.server, 'https://a.example');
    assert.equal(byName.get('both')?.server, 'https://a.example');
    assert.equal(byName.get('ctx-b')?.server, 'https://ob.example');
    // The first file sets no current-context: the second file's applies.
    assert.equal(byName.get('ctx-b')?.isCurrent, true);
    assert.equal(r.value.kubeConfig.getUser('admin')?.token, 'ta');
  });

  it('current-context comes from the first file that sets it', async () => {
    const a = write('a', kubeconfig([['c', 'https://a.example']], [['u', 't']], [['one', 'c', 'u'], ['two', 'c', 'u']], 'one'));
    const b = write('b', kubeconfig([['c', 'https://b.example']], [['u', 't']], [['two', 'c', 'u']], 'two'));
    const r = await loadKubeconfig({ files: [a, b], origin: 'KUBECONFIG' });
    assert.ok(r.ok && r.value.kind === 'loaded');
    assert.deepEqual(r.value.contexts.filter((c) => c.isCurrent).map((c) => c.name), ['one']);
  });

  it('insecure-skip-tls-verify is on the context entry', async () => {
    const f = write('config', kubeconfig([['safe', 'https://s.example'], ['lab', 'https://l.example', true]], [['u', 't']], [['safe', 'safe', 'u'], ['lab', 'lab', 'u']]));
    const r = await loadKubeconfig({ files: [f], origin: 'setting' });
    assert.ok(r.ok && r.value.kind === 'loaded');
    assert.deepEqual(r.value.contexts.map((c) => [c.name, c.insecureSkipTlsVerify]), [['safe', false], ['lab', true]]);
  });
});
