import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { IMAGE_NOT_PINNED, PIN_COMMAND_ID, pinDigestsEdit, upgradeImagesOf } from '../../../src/core/images';
import { applyEdits, EXAMPLE, slice, validate } from '../plans/helpers';
import { examplePlan } from '../run/fixtures';

const digestOf = (i: number): string => `sha256:${i.toString(16).padStart(2, '0').repeat(32)}`;
const ALL = Object.fromEntries(upgradeImagesOf(examplePlan()).map((img, i) => [img.ref, digestOf(i + 1)]));

describe('core/images: the plan\'s images section, its schema, diagnostics and the edit that writes it', () => {
  it('pinByDigest without digests: an error on every hop\'s version naming its image, with the Pin command as quick fix', () => {
    const text = `${EXAMPLE}images:\n  pinByDigest: true\n`;
    const v = validate(text);
    assert.ok(!v.diagnostics.some((d) => d.source === 'schema'), JSON.stringify(v.diagnostics.filter((d) => d.source === 'schema')));
    const ds = v.diagnostics.filter((d) => d.code === IMAGE_NOT_PINNED);
    assert.equal(ds.length, 8);
    assert.deepEqual(ds.map((d) => slice(text, d.range)), ['v1.30.8+k3s1', 'v1.15.9', 'v1.31.10+k3s1', 'v1.16.9', 'v19.2.3', 'v1.32.11+k3s3', 'v1.17.9', 'v1.33.7+k3s3']);
    assert.equal(ds[0].severity, 'error');
    assert.match(ds[0].message, /no digest for rancher\/k3s-upgrade:v1\.30\.8-k3s1, the image hop 1 pulls/);
    assert.deepEqual(ds[0].fixes, [{ title: 'Pin Upgrade Images by Digest', edits: [], command: PIN_COMMAND_ID, preferred: true }]);
    // Without pinByDigest nothing is said.
    assert.ok(!validate(`${EXAMPLE}images:\n  pinByDigest: false\n`).diagnostics.some((d) => d.code === IMAGE_NOT_PINNED));
  });

  it('digests for every image: no error; a Rook or Ceph image on a mirror counts for its hop', () => {
    const edited = pinDigestsEdit(EXAMPLE, ALL);
    assert.ok(edited.ok, edited.ok ? '' : edited.error);
    assert.deepEqual(validate(edited.value.text).diagnostics.filter((d) => d.code === IMAGE_NOT_PINNED || d.source === 'schema'), []);
    const mirrored = Object.fromEntries(Object.entries(ALL).map(([k, v]) => [k.startsWith('rook/') ? `registry.local:5000/${k}` : k, v]));
    const m = pinDigestsEdit(EXAMPLE, mirrored);
    assert.ok(m.ok);
    assert.deepEqual(validate(m.value.text).diagnostics.filter((d) => d.code === IMAGE_NOT_PINNED), []);
  });

  it('the schema checks each digest and caps the map', () => {
    const bad = validate(`${EXAMPLE}images:\n  pinByDigest: true\n  digests:\n    "rancher/k3s-upgrade:v1.30.8-k3s1": "sha256:ABC"\n  pin: true\n`);
    const schema = bad.diagnostics.filter((d) => d.source === 'schema');
    assert.ok(schema.some((d) => /pattern|sha256/.test(d.message)), JSON.stringify(schema.map((d) => d.message)));
    assert.ok(schema.some((d) => /pin/.test(d.message)), 'only pinByDigest and digests');
    const many = Array.from({ length: 201 }, (_, i) => `    "r/x:v${i}": "${digestOf(1)}"`).join('\n');
    const capped = validate(`${EXAMPLE}images:\n  digests:\n${many}\n`).diagnostics.filter((d) => d.source === 'schema');
    assert.ok(capped.some((d) => /200/.test(d.message)), JSON.stringify(capped.map((d) => d.message)));
  });

  it('the edit appends the section and keeps every other byte; a second pin merges into it', () => {
    const first = pinDigestsEdit(EXAMPLE, { 'rancher/k3s-upgrade:v1.30.8-k3s1': digestOf(1) });
    assert.ok(first.ok);
    assert.ok(first.value.text.startsWith(EXAMPLE));
    assert.equal(applyEdits(EXAMPLE, [first.value.edit]), first.value.text);
    assert.equal(first.value.text.slice(EXAMPLE.length), `images:\n  pinByDigest: true\n  digests:\n    "rancher/k3s-upgrade:v1.30.8-k3s1": "${digestOf(1)}"\n`);
    // In the middle of the file, with a comment after it: only the section's lines change.
    const middle = first.value.text.replace(/^images:[\s\S]*$/m, '').replace(/^strategy:/m, `images:\n  pinByDigest: false # off for now\n  digests: {}\n# the strategy\nstrategy:`);
    const second = pinDigestsEdit(middle, { 'rook/ceph:v1.15.9': digestOf(2), 'rancher/k3s-upgrade:v1.30.8-k3s1': digestOf(3) });
    assert.ok(second.ok, second.ok ? '' : second.error);
    const before = middle.split('images:')[0];
    assert.ok(second.value.text.startsWith(before));
    assert.ok(second.value.text.endsWith(middle.slice(middle.indexOf('\n# the strategy'))));
    assert.deepEqual((parse(second.value.text) as { images: unknown }).images, { pinByDigest: true, digests: { 'rook/ceph:v1.15.9': digestOf(2), 'rancher/k3s-upgrade:v1.30.8-k3s1': digestOf(3) } });
    const again = pinDigestsEdit(second.value.text, { 'quay.io/ceph/ceph:v19.2.3': digestOf(4) });
    assert.ok(again.ok);
    assert.deepEqual(Object.keys((parse(again.value.text) as { images: { digests: object } }).images.digests), ['rook/ceph:v1.15.9', 'rancher/k3s-upgrade:v1.30.8-k3s1', 'quay.io/ceph/ceph:v19.2.3']);
  });

  it('keeps CRLF line ends; refuses bad input and a plan it cannot edit, writing nothing', () => {
    const crlf = EXAMPLE.replace(/\n/g, '\r\n');
    const r = pinDigestsEdit(crlf, { 'rook/ceph:v1.15.9': digestOf(2) });
    assert.ok(r.ok);
    assert.ok(r.value.text.startsWith(crlf));
    assert.ok(!/[^\r]\n/.test(r.value.text), 'every line ends in CRLF');
    const badDigest = pinDigestsEdit(EXAMPLE, { 'rook/ceph:v1.15.9': 'sha256:1' });
    assert.ok(!badDigest.ok && /not sha256:<64/.test(badDigest.error));
    const noTag = pinDigestsEdit(EXAMPLE, { 'rook/ceph': digestOf(1) });
    assert.ok(!noTag.ok && /with a tag/.test(noTag.error));
    const flow = pinDigestsEdit('{apiVersion: upgradeplanner.dev/v1alpha1, kind: UpgradePlan}\n', { 'rook/ceph:v1': digestOf(1) });
    assert.ok(!flow.ok && /block-style/.test(flow.error));
    const broken = pinDigestsEdit(`${EXAMPLE}\n  : : bad\n`, { 'rook/ceph:v1': digestOf(1) });
    assert.ok(!broken.ok && /YAML errors/.test(broken.error));
  });
});
