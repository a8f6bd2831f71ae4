/** The small I/O interfaces the release sources are built on; the extension passes real ones, tests fakes. */

export interface FileReader {
  /** UTF-8 text of a file; rejects when it cannot be read. */
  readFile(path: string): Promise<string>;
}

/** What a folder entry is, without following a symlink (`lstat`). */
export interface EntryInfo {
  readonly type: 'file' | 'directory' | 'symlink' | 'other';
  /** Size in bytes (of the link itself for a symlink). */
  readonly size: number;
}

export interface DirectoryReader extends FileReader {
  /** Names (not paths) of the entries of a folder. */
  readDirectory(path: string): Promise<string[]>;
  /** The entry itself, a symlink not followed (`lstat`); rejects when it does not exist. */
  entryInfo(path: string): Promise<EntryInfo>;
  /** The path with every symlink resolved (`realpath`). */
  realPath(path: string): Promise<string>;
  /**
   * UTF-8 text of a regular file of at most `maxBytes`. Rejects, without blocking, for anything else:
   * a symlink, a FIFO or device (checked on the opened file, so a swap after `entryInfo` is caught),
   * or a file that turns out larger.
   */
  readRegularFile(path: string, maxBytes: number): Promise<string>;
}

/** What the online source keeps between sessions (VS Code's `Memento` fits). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** The URL that answered, after any redirect the fetcher followed itself; empty or absent when unknown. */
  readonly url?: string;
  /** The body as byte chunks (a WHATWG `ReadableStream` is one), read with a size limit; null when none. */
  readonly body: AsyncIterable<Uint8Array> | null;
}

export interface FetchInit {
  readonly headers: Record<string, string>;
  readonly signal?: AbortSignal;
  /** Always `manual`: a 3xx answer comes back as it is, and the source decides whether to follow it. */
  readonly redirect: 'manual';
}

/** The part of WHATWG `fetch` the online source uses. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;
