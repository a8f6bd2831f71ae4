import { RE2JS } from 're2js';

/**
 * vscode-free: which workspace files the manifest scan skips, beyond `files.exclude` (which `findFiles` applies):
 * `search.exclude` globs, the folder's root `.gitignore` and `node_modules`. Globs become one RE2 pattern per
 * source, so matching is linear in the path whatever the workspace's globs hold.
 * `.gitignore` is read best effort: the common syntax (`#`, `!`, `/` anchors, trailing `/`, `*`, `**`, `?`,
 * `[...]`); a `!` pattern re-includes a path matched by an earlier one even under an ignored folder (git would not).
 */

/** More globs than any real settings or .gitignore hold; the rest are not used. */
export const MAX_GLOBS = 500;
const MAX_GLOB_LENGTH = 500;

/** The body of a regex for a VS Code glob over `/`-separated relative paths (no anchors). */
export function globToRegex(glob: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        i++;
        if (atStart && glob[i + 1] === '/') {
          out += '(?:.*/)?';
          i++;
        } else if (atStart && i + 1 === glob.length) out += '.*';
        else out += '[^/]*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\').replace(/\[/g, '\\[');
        out += `[${body}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += escapeChar(glob[++i]);
    else out += escapeChar(c);
  }
  return out + ')'.repeat(braces);
}

function escapeChar(c: string): string {
  return /[.+^$|()[\]{}\\*?]/.test(c) ? `\\${c}` : c;
}

/** A glob matches a path or any folder above it (excluding a folder excludes what it holds). */
function globPattern(glob: string): string {
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  return `^(?:${globToRegex(g)})(?:/.*)?$`;
}

interface GitignoreRule {
  readonly pattern: string;
  readonly negate: boolean;
}

/** The rules of a root `.gitignore`, as anchored regex bodies; comments, blanks and over-long lines skipped. */
export function gitignoreRules(text: string): GitignoreRule[] {
  const rules: GitignoreRule[] = [];
  for (const raw of text.split(/\r?\n/, MAX_GLOBS * 4)) {
    // Length first: the trim below is quadratic on a long run of inner spaces.
    if (raw.length > MAX_GLOB_LENGTH) continue;
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    line = line.replace(/\/+$/, '');
    if (!line) continue;
    const anchored = line.includes('/');
    const glob = anchored ? line.replace(/^\//, '') : `**/${line}`;
    // A folder-only rule matches what lies under the folder, never a file of that name.
    rules.push({ pattern: `^(?:${globToRegex(glob)})${dirOnly ? '/.*' : '(?:/.*)?'}$`, negate });
    if (rules.length >= MAX_GLOBS) break;
  }
  return rules;
}

export interface ExcludeMatcher {
  /** Whether a path relative to its workspace folder (`/`-separated) is skipped. */
  excludes(relativePath: string): boolean;
}

function compileAll(patterns: readonly string[]): RE2JS | undefined {
  const ok = patterns.filter((p) => {
    try {
      RE2JS.compile(p);
      return true;
    } catch {
      return false; // a glob RE2 cannot read is not used
    }
  });
  return ok.length > 0 ? RE2JS.compile(ok.map((p) => `(?:${p})`).join('|')) : undefined;
}

/** `search.exclude` globs set to true, `.gitignore` text (or undefined), and node_modules always. */
export function excludeMatcher(searchExclude: readonly string[], gitignore: string | undefined): ExcludeMatcher {
  const globs = ['**/node_modules', ...searchExclude.filter((g) => g.length <= MAX_GLOB_LENGTH)].slice(0, MAX_GLOBS);
  const always = compileAll(globs.map(globPattern));
  const rules = gitignore ? gitignoreRules(gitignore) : [];
  const ignored = compileAll(rules.filter((r) => !r.negate).map((r) => r.pattern));
  const reincluded = compileAll(rules.filter((r) => r.negate).map((r) => r.pattern));
  return {
    excludes(relativePath) {
      const p = relativePath.replace(/\\/g, '/');
      if (always?.matches(p)) return true;
      return !!ignored?.matches(p) && !reincluded?.matches(p);
    },
  };
}
