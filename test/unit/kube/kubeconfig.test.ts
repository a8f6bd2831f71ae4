import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveKubeconfigFiles } from '../../../src/kube/kubeconfig';

describe('resolveKubeconfigFiles', () => {
  it('prefers the setting over KUBECONFIG', () => {
    const r = resolveKubeconfigFiles('/a/config', { KUBECONFIG: '/b/config' });
    assert.deepEqual(r, { files: ['/a/config'], origin: 'setting' });
  });

  it('splits KUBECONFIG on the platform delimiter and drops empty entries', () => {
    const r = resolveKubeconfigFiles('', { KUBECONFIG: ['/x', '', '/y'].join(path.delimiter) });
    assert.deepEqual(r, { files: ['/x', '/y'], origin: 'KUBECONFIG' });
  });

  it('falls back to ~/.kube/config and expands ~ in the setting', () => {
    assert.deepEqual(resolveKubeconfigFiles(undefined, {}), { files: [path.join(os.homedir(), '.kube', 'config')], origin: 'default' });
    assert.equal(resolveKubeconfigFiles('~/k.yaml', {}).files[0], path.join(os.homedir(), 'k.yaml'));
  });
});
