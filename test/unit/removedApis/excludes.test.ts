import * as assert from 'node:assert/strict';
import { excludeMatcher, globToRegex } from '../../../src/removedApis/excludes';
import { underBudget } from '../helpers/timing';

const full = (glob: string, path: string): boolean => new RegExp(`^(?:${globToRegex(glob)})$`).test(path);

describe('removedApis: excludes', () => {
  it('translates VS Code globs', () => {
    assert.ok(full('**/node_modules', 'a/b/node_modules'));
    assert.ok(full('**/node_modules', 'node_modules'));
    assert.ok(full('**/*.{yaml,yml}', 'deep/dir/x.yml'));
    assert.ok(!full('*.yaml', 'dir/x.yaml'));
    assert.ok(full('dist/**', 'dist/a/b.yaml'));
    assert.ok(full('a?c/[!x]y.yaml', 'abc/zy.yaml'));
    assert.ok(!full('a?c/[!x]y.yaml', 'abc/xy.yaml'));
    assert.ok(full('file.(x)+.yaml', 'file.(x)+.yaml'), 'regex characters are literal');
  });

  it('skips node_modules always, search.exclude folders and their contents', () => {
    const m = excludeMatcher(['**/vendor', 'charts/*.tgz'], undefined);
    assert.ok(m.excludes('web/node_modules/pkg/x.yaml'));
    assert.ok(m.excludes('vendor/k8s/x.yaml'));
    assert.ok(m.excludes('a/vendor/x.yaml'));
    assert.ok(!m.excludes('manifests/vendor.yaml'));
    assert.ok(!m.excludes('manifests/ingress.yaml'));
  });

  it('reads the common .gitignore syntax: comments, anchors, folder-only rules, negation', () => {
    const m = excludeMatcher([], ['# build output', 'out/', '/generated', '*.rendered.yaml', '!keep.rendered.yaml', 'docs/**/tmp', ''].join('\n'));
    assert.ok(m.excludes('out/a.yaml'));
    assert.ok(m.excludes('sub/out/a.yaml'));
    assert.ok(!m.excludes('out'), 'a folder-only rule does not match a file named out');
    assert.ok(m.excludes('generated/x.yaml'));
    assert.ok(!m.excludes('sub/generated/x.yaml'), 'a leading / anchors at the folder root');
    assert.ok(m.excludes('a/b.rendered.yaml'));
    assert.ok(!m.excludes('a/keep.rendered.yaml'));
    assert.ok(m.excludes('docs/x/y/tmp/z.yaml'));
    assert.ok(!m.excludes('manifests/ingress.yaml'));
  });

  it('matches in linear time whatever the globs hold (RE2), and hostile .gitignore lines cost little', () => {
    const globs = ['**/*a*a*a*a*a*a*a*a*b', ...Array.from({ length: 300 }, (_, i) => `**/dir${i}/**/*.yaml`)];
    const gitignore = `${' '.repeat(200_000)}x\n${'*a'.repeat(200)}b\n`;
    const path = `${'a'.repeat(4000)}/x.yaml`;
    const { ms } = underBudget(2000, () => {
      const m = excludeMatcher(globs, gitignore);
      for (let i = 0; i < 200; i++) m.excludes(path);
    });
    assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  });
});
