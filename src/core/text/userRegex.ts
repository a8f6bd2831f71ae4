import { RE2JS } from 're2js';
import { type Result, err, ok } from '../../common/result';

/**
 * Regular expressions written by users (risk files in the workspace, anything read from a cluster) run
 * on RE2 (the `re2js` port): matching is linear in the input, so a pattern like `(a+)+$` cannot freeze
 * the extension host the way a backtracking `RegExp` does. JavaScript spellings (`\u0041`, `(?<name>…)`,
 * `/`) are translated; what RE2 cannot do in linear time (backreferences, lookaround) is refused with a
 * sentence saying so.
 */

/** Longer patterns are refused: a version or field pattern is a few dozen characters. */
export const MAX_PATTERN_LENGTH = 1000;
/** Longer inputs are refused (the test is false): versions and field values are far shorter. */
export const MAX_INPUT_LENGTH = 100_000;
/** RE2's own measure of a compiled pattern's cost; `a{1000}` is about 1,000. */
const MAX_PROGRAM_SIZE = 10_000;
const CACHE_LIMIT = 500;

export interface UserRegex {
  readonly source: string;
  /** Whether the pattern matches somewhere in the text (like `RegExp.prototype.test`); false for text over MAX_INPUT_LENGTH. */
  test(text: string): boolean;
}

const cache = new Map<string, Result<UserRegex>>();

/** Compiles a user-written pattern once (cached); the error is a sentence fit for a problem list. */
export function compileUserRegex(source: string): Result<UserRegex> {
  const hit = cache.get(source);
  if (hit) return hit;
  const compiled = compile(source);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/** `compileUserRegex(source)` tested on `text`; an invalid pattern matches nothing. */
export function userRegexTest(source: string, text: string): boolean {
  const r = compileUserRegex(source);
  return r.ok && r.value.test(text);
}

function compile(source: string): Result<UserRegex> {
  if (source.length > MAX_PATTERN_LENGTH) {
    return err(`the pattern is ${source.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`);
  }
  const unsupported = unsupportedSyntax(source);
  if (unsupported) return err(unsupported);
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    return err(`not a valid regular expression (RE2 syntax): ${detail}`);
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) {
    return err('the pattern is too complex (its repetitions expand to more than 10,000 steps); simplify it');
  }
  return ok({ source, test: (text: string) => text.length <= MAX_INPUT_LENGTH && re.test(text) });
}

/** Backreferences and lookaround: the JavaScript features RE2 leaves out, named so the user knows what to change. */
function unsupportedSyntax(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<'))) {
        return `backreferences such as \\${next}${next === 'k' ? '<…>' : ''} are not supported (patterns run on RE2, which matches in linear time)`;
      }
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && source[i + 1] === '?') {
      const look = source.startsWith('(?=', i) || source.startsWith('(?!', i) || source.startsWith('(?<=', i) || source.startsWith('(?<!', i);
      if (look) return 'lookahead and lookbehind such as (?=…) or (?<!…) are not supported (patterns run on RE2, which matches in linear time)';
    }
  }
  return undefined;
}
