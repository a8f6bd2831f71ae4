import * as assert from 'node:assert/strict';
import { allowedLink } from '../../../src/core/releaseNotes';

describe('core/releaseNotes link allow-list', () => {
  it('opens https links to the projects the notes cite', () => {
    for (const u of ['https://github.com/k3s-io/k3s/pull/1', 'https://kubernetes.io/docs/', 'https://www.kubernetes.io/x', 'https://rook.io/docs/rook/latest/', 'https://docs.ceph.com/en/latest/releases/squid/', 'https://etcd.io/blog/2025/']) {
      assert.equal(allowedLink(u), new URL(u).toString(), u);
    }
  });

  it('refuses other schemes, hosts, credentials, ports and look-alikes', () => {
    for (const u of [
      'http://github.com/x', 'javascript:alert(1)', 'command:workbench.action.terminal.new', 'data:text/html,<script>1</script>',
      'file:///etc/passwd', 'vscode://x', 'https://evil.com/github.com', 'https://github.com.evil.com/', 'https://notgithub.com/',
      'https://user:pw@github.com/', 'https://github.com:8443/', 'github.com/x', '', 42, undefined, `https://github.com/${'a'.repeat(3000)}`,
    ]) {
      assert.equal(allowedLink(u), undefined, String(u));
    }
  });
});
