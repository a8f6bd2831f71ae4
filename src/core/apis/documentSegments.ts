/**
 * The documents of a YAML stream, found without parsing, so that a scan can parse only the documents it needs. The
 * `yaml` library's lexer ends a document at every line that starts with `---` followed by a space, a tab, a line
 * break or the end (in a block, flow, quoted or plain scalar alike: `continueScalar` and the flow check stop there),
 * and each such marker starts exactly one document. The text before the first marker holds one document when any of
 * its lines is more than blanks and a comment, none otherwise. Directives (`%`) and document end markers (`...`),
 * which change how documents are counted and read, make the text unsplittable: it is parsed whole.
 *
 * One exception in the lexer: a quoted scalar that finds no closing quote anywhere after it runs to the end of the
 * text, over markers. A `"` closes at the next one not escaped by a backslash, and a `'` at the next one not doubled;
 * so an opening quote before the last `"` without a backslash in front, and before the last `'` without a `'` in
 * front, always closes. From the document holding the first of those two on (or the first quote, when there is no
 * such last one) the text is one segment, parsed as one: it may hold several documents.
 */

export interface DocumentSegment {
  /** Offsets in the text: the segment starts at its `---` line (or at 0) and ends where the next one starts. */
  readonly start: number;
  readonly end: number;
  /** Index of the YAML document, as the parser of the whole text numbers it; -1 for a leading segment that holds none. */
  readonly document: number;
  /** The last segment may hold several documents (see above): the first is `document`. */
  readonly several: boolean;
}

const isEmpty = (ch: string | undefined): boolean => ch === undefined || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
/** A line that starts no document before the first marker: blanks, then nothing or a comment. */
const BLANK_OR_COMMENT = /^[ \t]*(#[^\n]*)?\r?$/;

/**
 * The segments in text order; undefined when the text has a line starting with `%` or `...`, or a byte order mark
 * past its first character (the lexer skips one at any line before the first document). Linear.
 */
export function documentSegments(text: string): DocumentSegment[] | undefined {
  if (text.indexOf('\ufeff', 1) >= 0) return undefined;
  const markers: number[] = [];
  for (let at = 0; at < text.length;) {
    const c = text[at];
    if (c === '%' || (c === '.' && text.startsWith('...', at))) return undefined;
    if (c === '-' && text.startsWith('---', at) && isEmpty(text[at + 3])) markers.push(at);
    const nl = text.indexOf('\n', at);
    if (nl < 0) break;
    at = nl + 1;
  }
  const risky = unclosedQuoteFrom(text);
  const segments: DocumentSegment[] = [];
  const first = markers.length > 0 ? markers[0] : text.length;
  if (risky < first) return undefined;
  const lead = text.slice(text.startsWith('\ufeff') ? 1 : 0, first);
  let document = lead.split('\n').every((line) => BLANK_OR_COMMENT.test(line)) ? -1 : 0;
  if (first > 0 || markers.length === 0) segments.push({ start: 0, end: first, document, several: false });
  for (let i = 0; i < markers.length; i++) {
    const start = markers[i];
    const next = i + 1 < markers.length ? markers[i + 1] : text.length;
    const several = risky < next && next < text.length;
    segments.push({ start, end: several ? text.length : next, document: ++document, several });
    if (several) break;
  }
  return segments;
}

/** Where a quote that never closes may start (see above); text.length when none can. */
function unclosedQuoteFrom(text: string): number {
  const firstDq = text.indexOf('"');
  let dq = text.lastIndexOf('"');
  while (dq > 0 && text[dq - 1] === '\\') dq = text.lastIndexOf('"', dq - 1);
  const fromDouble = firstDq < 0 ? text.length : dq < 0 ? firstDq : dq;
  const sq = text.lastIndexOf("'");
  const fromSingle = sq < 0 ? text.length : sq > 0 && text[sq - 1] === "'" ? text.indexOf("'") : sq;
  return Math.min(fromDouble, fromSingle);
}
