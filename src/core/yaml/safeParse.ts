import { type CST, Composer, type Document, LineCounter, Parser, YAMLParseError, isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import { type Result, err, ok } from '../../common/result';

/**
 * The one gate for YAML read from the workspace or a cluster. The `yaml` library is linear except where
 * it is not: its duplicate-key check compares each key with every earlier one (a 100k-key mapping took
 * 98 s), composing a deeply nested document recurses until the stack (or the process) gives out, and
 * aliases can expand without end. So this gate refuses text over a size cap, measures nesting and node
 * count on the parser's flat token stream before composing, checks duplicate keys itself with a set per
 * mapping, and converts to plain data with an alias budget. Every refusal is a problem, never a throw.
 */

export interface YamlLimits {
  /** What the text is, for messages: "plan", "risk file". */
  readonly label: string;
  /** Text longer than this (UTF-16 code units, about bytes for YAML) is not parsed. */
  readonly maxBytes: number;
  /** Deepest nesting of collections accepted. */
  readonly maxDepth?: number;
  /** Most scalars, aliases and collections accepted across all documents. */
  readonly maxNodes?: number;
  /** Alias budget for conversion to plain data (the `yaml` library's `maxAliasCount`). */
  readonly maxAliasCount?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_NODES = 50_000;
export const DEFAULT_MAX_ALIAS_COUNT = 100;

export interface YamlProblem {
  /** `yaml.<library code>` (syntax, `yaml.DUPLICATE_KEY`, `yaml.aliases`) or `limits.<what>` (refused by a cap). */
  readonly code: string;
  /** One sentence for the user, ending with a full stop. */
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** Offsets in the text. */
  readonly start: number;
  readonly end: number;
  /** Index of the YAML document the problem is in (0 for problems about the whole text). */
  readonly document: number;
}

export interface SafeYaml {
  /** The parsed documents; empty when the text was refused. Duplicate keys are among each document's `errors`. */
  readonly docs: readonly Document.Parsed[];
  /** Every error and warning of every document, and every refusal, in text order per document. */
  readonly problems: readonly YamlProblem[];
  readonly lineCounter: LineCounter;
}

export interface SafeParseOptions {
  /** The `yaml` library's strict mode (its default, on). */
  readonly strict?: boolean;
}

/** Parses YAML text within the limits. Never throws. */
export function safeParseYaml(text: string, limits: YamlLimits, options: SafeParseOptions = {}): SafeYaml {
  const lineCounter = new LineCounter();
  const refuse = (code: string, message: string): SafeYaml => ({
    docs: [], lineCounter, problems: [{ code, message, severity: 'error', start: 0, end: 0, document: 0 }],
  });
  if (text.length > limits.maxBytes) return refuse('limits.too-large', tooLargeMessage(limits, text.length));
  try {
    const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
    const shape = measure(tokens, limits.maxDepth ?? DEFAULT_MAX_DEPTH, limits.maxNodes ?? DEFAULT_MAX_NODES);
    if (shape === 'too-deep') {
      return refuse('limits.too-deep', `This ${limits.label} nests collections more than ${limits.maxDepth ?? DEFAULT_MAX_DEPTH} levels deep; it is not read.`);
    }
    if (shape === 'too-many-nodes') {
      return refuse('limits.too-many-nodes', `This ${limits.label} has more than ${(limits.maxNodes ?? DEFAULT_MAX_NODES).toLocaleString('en-US')} YAML values; it is not read. Remove the bulk data.`);
    }
    const composer = new Composer({ uniqueKeys: false, strict: options.strict ?? true, logLevel: 'error' });
    const docs: Document.Parsed[] = Array.from(composer.compose(tokens));
    const problems: YamlProblem[] = [];
    docs.forEach((doc, i) => {
      for (const e of duplicateKeys(doc, lineCounter)) doc.errors.push(e);
      doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
      for (const e of doc.errors) problems.push(libraryProblem(text, e.code, e.message, e.pos, 'error', i));
      for (const w of doc.warnings) problems.push(libraryProblem(text, w.code, w.message, w.pos, 'warning', i));
    });
    return { docs, problems, lineCounter };
  } catch (e) {
    // The library reports problems on the documents; this is a last resort (a bug, or a stack exhausted anyway).
    return refuse('yaml.internal', `Cannot parse this ${limits.label} as YAML (${e instanceof Error ? e.message : String(e)}).`);
  }
}

/** A document as plain data, with the alias budget; an alias bomb or a cycle is a problem, not a throw. */
export function yamlValue(doc: Document, limits: Pick<YamlLimits, 'label' | 'maxAliasCount'>, document = 0): Result<unknown, YamlProblem> {
  try {
    return ok(doc.toJS({ maxAliasCount: limits.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT }));
  } catch (e) {
    const start = doc.range?.[0] ?? 0;
    const why = e instanceof Error && /alias/i.test(e.message) ? 'its aliases expand to too many values (an "alias bomb")' : e instanceof Error ? e.message : String(e);
    return err({
      code: 'yaml.aliases', severity: 'error', start, end: start, document,
      message: `This ${limits.label} cannot be read: ${why}. Replace the aliases (*name) with plain values.`,
    });
  }
}

/** The sentence for text over the size cap; callers that check a file's size before reading use it too. */
export function tooLargeMessage(limits: Pick<YamlLimits, 'label' | 'maxBytes'>, bytes: number): string {
  return `This ${limits.label} is ${size(bytes)}; ${limits.label}s over ${size(limits.maxBytes)} are not read. Split it or remove the bulk data.`;
}

function size(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / 1048576).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(chars / 1024)} KB`;
}

function libraryProblem(text: string, code: string, message: string, pos: [number, number], severity: 'error' | 'warning', document: number): YamlProblem {
  const start = Math.max(0, Math.min(text.length, pos[0]));
  const end = Math.max(start, Math.min(text.length, pos[1]));
  // The library's messages may end with a source excerpt; keep the first line.
  const first = message.split('\n')[0];
  return { code: `yaml.${code}`, message: first.endsWith('.') ? first : `${first}.`, severity, start, end, document };
}

const SCALARS = new Set(['alias', 'scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar']);
const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

/** Depth and node count of the parser's tokens, walked with an explicit stack (no recursion). */
function measure(tokens: readonly CST.Token[], maxDepth: number, maxNodes: number): 'ok' | 'too-deep' | 'too-many-nodes' {
  let nodes = 0;
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [token, depth] = next;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (SCALARS.has(token.type)) {
      if (++nodes > maxNodes) return 'too-many-nodes';
    } else if (COLLECTIONS.has(token.type)) {
      if (++nodes > maxNodes) return 'too-many-nodes';
      if (depth + 1 > maxDepth) return 'too-deep';
      for (const item of (token as CST.BlockMap | CST.BlockSequence | CST.FlowCollection).items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return 'ok';
}

/**
 * Keys repeated in a mapping, one error per repeat, in linear time (a set per mapping). Keys are equal
 * as the library compares them: the same node, or scalars with the same value.
 */
function duplicateKeys(doc: Document.Parsed, lineCounter: LineCounter): YAMLParseError[] {
  const errors: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isMap(node)) {
      const seen = new Map<unknown, number>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isNode(key) && !isAlias(key)) stack.push(key);
        if (isNode(pair.value)) stack.push(pair.value);
        const id = isScalar(key) ? key.value : key;
        const first = seen.get(id);
        const range = isNode(key) ? key.range : undefined;
        if (first === undefined) {
          if (range) seen.set(id, range[0]);
          continue;
        }
        if (!range) continue;
        const name = isScalar(key) ? `"${String(key.value).slice(0, 60)}"` : 'this key';
        errors.push(new YAMLParseError([range[0], range[1]], 'DUPLICATE_KEY', `Duplicate key ${name}: it is already set on line ${lineCounter.linePos(first).line} of this mapping`));
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (isNode(item) || isPair(item)) stack.push(item);
    } else if (isPair(node)) {
      if (isNode(node.key)) stack.push(node.key);
      if (isNode(node.value)) stack.push(node.value);
    }
  }
  return errors;
}
