import { type Document, type Node, type Pair, isAlias, isMap, isNode, isPair, isScalar, isSeq } from 'yaml';
import type { OffsetRange, PlanPath } from './model';

/** Where a path lands in the YAML AST: the value node, and the pair holding it when it is a map entry. */
export interface PathHit {
  readonly node: Node | undefined;
  readonly pair: Pair | undefined;
  /** How many segments of the path were found; less than the path length when the path leaves the document. */
  readonly depth: number;
  /** The deepest node that was found (the document's contents for depth 0). */
  readonly deepest: Node | undefined;
  readonly deepestPair: Pair | undefined;
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

/** Follows a path through maps and sequences. Aliases are not followed: ranges must stay where the user typed. */
export function findPath(doc: Document, path: PlanPath): PathHit {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  let depth = 0;
  for (const seg of path) {
    if (isMap(node)) {
      const found = node.items.find((p) => keyText(p.key) === String(seg));
      if (!found) break;
      pair = found;
      node = found.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (item === undefined) break;
      pair = undefined;
      node = item;
    } else {
      break;
    }
    depth++;
  }
  const asNode = isNode(node) ? node : undefined;
  return depth === path.length
    ? { node: asNode, pair, depth, deepest: asNode, deepestPair: pair }
    : { node: undefined, pair: undefined, depth, deepest: asNode, deepestPair: pair };
}

export function nodeRange(node: Node | undefined | null): OffsetRange | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** The key of a pair, else the start of its value. */
export function pairKeyRange(pair: Pair | undefined): OffsetRange | undefined {
  if (!pair) return undefined;
  return isNode(pair.key) ? nodeRange(pair.key) : nodeRange(isNode(pair.value) ? pair.value : undefined);
}

/** From the pair's key to the end of its value. */
export function pairRange(pair: Pair): OffsetRange | undefined {
  const k = isNode(pair.key) ? pair.key.range : undefined;
  const v = isNode(pair.value) ? pair.value.range : undefined;
  if (!k) return undefined;
  return { start: k[0], end: v ? v[1] : k[1] };
}

/** The path of the innermost node containing offset, and whether the offset is on a key. */
export function pathAtOffset(doc: Document, offset: number): { path: (string | number)[]; onKey: boolean; node: Node | undefined } {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  let onKey = false;
  const inside = (n: unknown): boolean => isNode(n) && !!n.range && n.range[0] <= offset && offset <= n.range[1];
  for (let guard = 0; guard < 1000; guard++) {
    if (isMap(node)) {
      const p = node.items.find((it) => inside(it.key) || inside(it.value));
      if (!p) break;
      const k = keyText(p.key);
      if (k === undefined) break;
      path.push(k);
      if (inside(p.key)) {
        onKey = true;
        node = p.key;
        break;
      }
      node = p.value;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((it) => inside(it));
      if (i < 0) break;
      path.push(i);
      node = node.items[i];
    } else {
      break;
    }
  }
  return { path, onKey, node: isNode(node) && !isAlias(node) ? node : undefined };
}

export function isPairNode(x: unknown): x is Pair {
  return isPair(x);
}
