/** The small I/O interfaces the release sources are built on; the extension passes real ones, tests fakes. */

export interface FileReader {
  /** UTF-8 text of a file; rejects when it cannot be read. */
  readFile(path: string): Promise<string>;
}

export interface DirectoryReader extends FileReader {
  /** Names (not paths) of the entries of a folder. */
  readDirectory(path: string): Promise<string[]>;
}

/** What the online source keeps between sessions (VS Code's `Memento` fits). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface FetchResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

/** The part of WHATWG `fetch` the online source uses. */
export type FetchLike = (url: string, init: { headers: Record<string, string>; signal?: AbortSignal }) => Promise<FetchResponse>;
