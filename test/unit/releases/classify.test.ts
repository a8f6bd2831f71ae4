import * as assert from 'node:assert/strict';
import { classifyItem, findSecurityIds, type ItemKind } from '../../../src/core/releases';

/** Real lines from data/upstream (k3s docs, Kubernetes changelog, Rook notes) and the kind we expect. */
const CASES: readonly [ItemKind, string, { title?: string; context?: 'breaking' | 'urgent' }?][] = [
  // security: ids, "CVE fixes", remediation
  ['security', 'This release includes support for remediating CVE-2023-32187, a potential Denial of Service attack vector on K3s servers. See https://github.com/k3s-io/k3s/security/advisories/GHSA-m4hf-6vgr-75r2 for more information'],
  ['security', 'Bump Runc + Containerd + Docker for CVE fixes [(#7453)](https://github.com/k3s-io/k3s/pull/7453)'],
  ['security', 'Bump kine to v0.9.6 / sqlite3 v3.39.2 ([cve-2022-35737](https://nvd.nist.gov/vuln/detail/CVE-2022-35737))'],
  ['security', 'Chore(deps): Remediating CVEs found by trivy;  CVE-2023-45142 on otelrestful and CVE-2023-48795 on golang.org/x/crypto [(#9513)](https://github.com/k3s-io/k3s/pull/9513)'],
  ['security', 'The k3s bundled userspace has been bumped to a release based on buildroot 2024.02.3, addressing several CVEs in busybox and coreutils.'],
  // scanner chores are not security fixes
  ['other', 'Give good report if no CVEs found in trivy [(#10853)](https://github.com/k3s-io/k3s/pull/10853)'],
  // deprecation / removal
  ['deprecation', 'Remove `--containerd` flag from windows kubelet args [(#6028)](https://github.com/k3s-io/k3s/pull/6028)'],
  ['deprecation', 'Remove rotate-keys subcommand [(#9079)](https://github.com/k3s-io/k3s/pull/9079)'],
  ['deprecation', 'Using "etcd-snapshot" for saving snapshots is now deprecated, use "etcd-snapshot save" instead. [(#6575)](https://github.com/k3s-io/k3s/pull/6575)'],
  ['deprecation', 'Bump helm-controller to v0.16.3 to drop Helm v2 support [(#10628)](https://github.com/k3s-io/k3s/pull/10628)'],
  ['deprecation', 'Kubelet flag `--keep-terminated-pod-volumes` was removed.  This flag was deprecated in 2017.', { context: 'urgent' }],
  ['deprecation', 'Removed support for Ceph Pacific (v16)', { context: 'breaking' }],
  ['deprecation', '**Important Note:** Kubernetes v1.25 removes the beta `PodSecurityPolicy` admission plugin.'],
  // refactorings and clean-ups that only sound like removals
  ['other', 'Replace deprecated ioutil package [(#6235)](https://github.com/k3s-io/k3s/pull/6235)'],
  ['other', 'Transition from deprecated pointer library to ptr [(#9824)](https://github.com/k3s-io/k3s/pull/9824)'],
  ['other', 'Remove experimental from embedded-registry flag [(#11445)](https://github.com/k3s-io/k3s/pull/11445)'],
  ['other', 'Remove unused libvirt config [(#7759)](https://github.com/k3s-io/k3s/pull/7759)'],
  ['other', 'Fix removal of init node [(#13630)](https://github.com/k3s-io/k3s/pull/13630)'],
  ['other', 'Expand docker upgrade test, sunset E2E upgrade test [(#13398)](https://github.com/k3s-io/k3s/pull/13398)'],
  // breaking
  ['breaking', '**Breaking Change:** K3s no longer includes `swanctl` and `charon` binaries. If you are using the ipsec flannel backend, please ensure that the strongswan `swanctl` and `charon` packages are installed on your node before upgrading K3s to this release.'],
  ['breaking', "K3s no longer enables the apiserver's `enable-aggregator-routing` flag when the egress proxy is not being used to route connections to in-cluster endpoints."],
  ['breaking', 'The January releases of K3s v1.32 and v1.33 will include etcd v3.5.26. All users should plan on upgrading to this patch release, prior to upgrading to v1.34 and v1.35.', { title: 'K3s v1.34 Upgrade Warning' }],
  ['breaking', 'The minimum supported version of Kubernetes is v1.25.\nUpgrade to Kubernetes v1.25 or higher before upgrading Rook.'],
  ['breaking', 'Ceph COSI driver images have been updated.', { context: 'breaking' }],
  ['breaking', 'Stopped accepting component configuration for `kube-proxy` and `kubelet` during `kubeadm upgrade plan --config`.', { context: 'urgent' }],
  // known issues
  ['known-issue', 'This release is affected by https://github.com/containerd/containerd/issues/7843, which causes the kubelet to restart all pods whenever K3s is restarted.', { title: 'WARNING' }],
  ['known-issue', 'Kubernetes v1.28 contains a critical regression ([kubernetes/kubernetes#120247](https://github.com/kubernetes/kubernetes/issues/120247)) that causes init containers to run at the same time as app containers following a restart of the node.', { title: 'Critical Regression' }],
  ['other', 'Pin vagrant to older version to avoid known issue 13527 [(#11226)](https://github.com/k3s-io/k3s/pull/11226)'],
  ['other', 'Fixed a regression that caused ServiceLB DaemonSets to remain present after their corresponding Services were deleted.'],
  // other
  ['other', 'Bump Traefik to 3.6.13 (#13969) [(#13970)](https://github.com/k3s-io/k3s/pull/13970)'],
];

/**
 * Security fixes described in words, without a CVE/GHSA id. The first is the K3s item quoted in the
 * issue; the fixtures hold no other such item, so the rest are phrased the way K3s and Kubernetes
 * notes phrase them.
 */
const WORDED_SECURITY: readonly string[] = [
  'Reject anonymous access to supervisor router',
  'Restrict unauthenticated requests to the supervisor `/db/info` endpoint',
  'Fixed a privilege escalation in the embedded registry mirror',
  'kube-apiserver: fixed an authorization bypass when a webhook authorizer times out',
  'Etcd snapshots to S3 no longer skip TLS verification when a custom CA is configured',
  'The agent now verifies the server certificate when joining with a token',
  'Redact S3 credentials from the etcd-snapshot configuration in the logs',
  'The kubelet no longer logs the bootstrap token at high verbosity',
  'Fixed a path traversal in the Helm chart content handler',
];

/** Real items from data/upstream that use a security word but fix no security issue. */
const WORDED_OTHER: readonly [ItemKind, string, { title?: string; context?: 'breaking' | 'urgent' }?][] = [
  ['other', 'Fix authorization-config/authentication-config handling [(#12344)](https://github.com/k3s-io/k3s/pull/12344)'],
  ['other', 'Fix bug that caused agents to bypass local loadbalancer [(#10280)](https://github.com/k3s-io/k3s/pull/10280)'],
  ['other', 'Cleanup anonymous and named volumes for docker tests [(#12079)](https://github.com/k3s-io/k3s/pull/12079)'],
  ['other', 'Bump helm-controller for skip-verify/plain-http and updated tolerations [(#10832)](https://github.com/k3s-io/k3s/pull/10832)'],
  ['other', 'Updated rancher/remotedialer to address a potential memory leak. [(#5784)](https://github.com/k3s-io/k3s/pull/5784)'],
  ['other', 'Make `/db/info` available anonymously from localhost [(#10001)](https://github.com/k3s-io/k3s/pull/10001)'],
  ['other', 'Add etcd s3 config secret implementation [(#10340)](https://github.com/k3s-io/k3s/pull/10340)'],
  ['other', 'Fall back to basic/bearer auth when node identity auth is rejected [(#7836)](https://github.com/k3s-io/k3s/pull/7836)'],
  ['other', 'Fix secrets-encrypt reencrypt timeout error [(#11441)](https://github.com/k3s-io/k3s/pull/11441)'],
  ['other', 'K3s now exits with a proper error message when the server token uses a bootstrap token `id.secret` format.'],
  ['other', 'Adjust default kubeconfig file permissions [(#7978)](https://github.com/k3s-io/k3s/pull/7978)'],
  ['breaking', '`kubeadm`: a separate "super-admin.conf" file is now deployed. The User in `admin.conf` is now bound to a new RBAC Group `kubeadm:cluster-admins` that has `cluster-admin` `ClusterRole` access. The User in `super-admin.conf` is now bound to the `system:masters` built-in super-powers / break-glass Group that can bypass RBAC.', { context: 'urgent' }],
];

describe('release-note classification', () => {
  for (const [kind, text, hint] of CASES) {
    it(`${kind}: ${text.slice(0, 70)}`, () => {
      assert.equal(classifyItem(text, hint), kind);
    });
  }

  for (const text of WORDED_SECURITY) {
    it(`security by wording: ${text.slice(0, 70)}`, () => {
      assert.equal(classifyItem(text), 'security');
    });
  }
  for (const [kind, text, hint] of WORDED_OTHER) {
    it(`not security by a word alone (${kind}): ${text.slice(0, 60)}`, () => {
      assert.equal(classifyItem(text, hint), kind);
    });
  }

  it('finds and normalizes CVE and GHSA identifiers', () => {
    assert.deepEqual(findSecurityIds('fix cve-2022-35737 and CVE-2022-35737; GHSA-M4HF-6vgr-75r2 (GHSA-xxxx-yyyy-zzzz is not one)'), ['CVE-2022-35737', 'GHSA-m4hf-6vgr-75r2']);
  });
});
