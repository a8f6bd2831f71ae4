/**
 * Splits a byte stream into newline-terminated lines in linear time: earlier chunks of an
 * unfinished line are kept as they are and only the new chunk is searched for '\n' (a newline
 * byte never occurs inside a multi-byte UTF-8 sequence, so splitting bytes is safe). A line longer
 * than `maxLineBytes` is refused before it is stored. Blank lines are skipped; an unterminated
 * last line is dropped (a watch event always ends with a newline).
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private pending = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: string) => void,
  ) {}

  /** Feeds one chunk; false when a line is longer than the cap (the stream should be failed). */
  push(chunk: Buffer): boolean {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl < 0 ? chunk.length : nl;
      if (this.pending + (end - start) > this.maxLineBytes) {
        this.parts = [];
        this.pending = 0;
        return false;
      }
      const piece = chunk.subarray(start, end);
      if (nl < 0) {
        this.parts.push(piece);
        this.pending += piece.length;
        return true;
      }
      const bytes = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
      this.parts = [];
      this.pending = 0;
      const line = bytes.toString('utf8').trim();
      if (line) this.onLine(line);
      start = nl + 1;
    }
    return true;
  }
}
