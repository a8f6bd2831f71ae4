import { type ApiFinding, type ApiLifecycleTable, type ManifestApiRef, type TextEdit, DEFAULT_SCAN_LIMITS, bundledLifecycle, findingsFor, lifecycleOf, mechanicalEdit, scanWantedDocuments } from '../core/apis';
import { mayNameDeprecatedApi } from '../core/apis/deprecatedPrecheck';
import type { Judgement } from './judgement';

/** vscode-free: one manifest file's text → the apiVersion refs worth keeping, with line/character positions. */

export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A ref whose group/version/kind is deprecated or removed in some Kubernetes version (the only ones kept). */
export interface LocatedRef extends ManifestApiRef {
  readonly from: Position;
  readonly to: Position;
}

export interface FileScan {
  readonly refs: readonly LocatedRef[];
  readonly problems: readonly string[];
}

const EMPTY: FileScan = { refs: [], problems: [] };

/** A manifest names both; the substring test skips package.json, tsconfig and the like without parsing them. */
export function mayHoldManifest(text: string): boolean {
  return text.includes('apiVersion') && text.includes('kind');
}

/**
 * Scans one file's text; keeps only refs the lifecycle data marks deprecated or removed (whatever the target). Text
 * that names none of their versions (mayNameDeprecatedApi) cannot keep a ref, so it is not parsed: a file within
 * the size cap not at all, the other documents of a multi-document file only the ones that do. The problems of
 * what is not parsed (invalid YAML, too deep) go unreported; the scanner drops files without refs, problems and all.
 */
export function scanFile(text: string, fileName: string, data: ApiLifecycleTable = bundledLifecycle(), maxBytes = DEFAULT_SCAN_LIMITS.maxBytes): FileScan {
  if (!mayHoldManifest(text)) return EMPTY;
  if (text.length <= maxBytes && !mayNameDeprecatedApi(text, data)) return EMPTY;
  const scan = scanWantedDocuments(text, fileName, (doc) => mayNameDeprecatedApi(doc, data), { maxBytes });
  const kept = scan.refs.filter((r) => {
    const e = lifecycleOf(r.apiVersion, r.kind, data);
    return !!e && (e.deprecated !== null || e.removed !== null);
  });
  if (kept.length === 0) return scan.problems.length > 0 ? { refs: [], problems: scan.problems } : EMPTY;
  const lines = lineStarts(text);
  return { refs: kept.map((r) => ({ ...r, from: positionAt(lines, r.start), to: positionAt(lines, r.end) })), problems: scan.problems };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export interface LocatedFinding {
  readonly ref: LocatedRef;
  readonly finding: ApiFinding;
  /** The apiVersion rewrite, where the migration is mechanical. */
  readonly edit?: TextEdit;
}

/** The findings of a file's kept refs against the judgement; cheap (lookups), so a new target never rereads files. */
export function findingsOf(refs: readonly LocatedRef[], j: Judgement, data: ApiLifecycleTable = bundledLifecycle()): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (const ref of refs) {
    const r = findingsFor(ref.apiVersion, ref.kind, j, data);
    if (!r.ok || !r.value) continue;
    const edit = mechanicalEdit(ref, r.value);
    out.push(edit ? { ref, finding: r.value, edit } : { ref, finding: r.value });
  }
  return out;
}
