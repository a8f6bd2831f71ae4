import type { DirectoryReader, EntryInfo, FetchLike, FetchResponse, KeyValueStore } from '../../../src/releases';

/** Files in memory; `special` adds what a real folder can hold besides files (FIFOs, symlinks, huge files). */
export class MemoryFs implements DirectoryReader {
  /** path → what lstat says; a symlink's `target` is where realpath leads. */
  readonly special = new Map<string, EntryInfo & { target?: string }>();
  /** Paths whose content was read. */
  readonly reads: string[] = [];

  constructor(readonly files: Map<string, string>) {}

  readFile(path: string): Promise<string> {
    const t = this.files.get(path);
    return t === undefined ? Promise.reject(new Error(`ENOENT: ${path}`)) : Promise.resolve(t);
  }

  readDirectory(path: string): Promise<string[]> {
    const names = [...this.files.keys(), ...this.special.keys()].filter((k) => k.startsWith(`${path}/`)).map((k) => k.slice(path.length + 1));
    return names.length > 0 ? Promise.resolve(names) : Promise.reject(new Error(`ENOENT: ${path}`));
  }

  entryInfo(path: string): Promise<EntryInfo> {
    const s = this.special.get(path);
    if (s) return Promise.resolve({ type: s.type, size: s.size });
    const t = this.files.get(path);
    return t === undefined ? Promise.reject(new Error(`ENOENT: ${path}`)) : Promise.resolve({ type: 'file', size: Buffer.byteLength(t) });
  }

  realPath(path: string): Promise<string> {
    const s = this.special.get(path);
    return Promise.resolve(s?.target ?? path);
  }

  async readRegularFile(path: string, maxBytes: number): Promise<string> {
    this.reads.push(path);
    const info = await this.entryInfo(path);
    if (info.type !== 'file') throw new Error(`${path} is not a regular file`);
    if (info.size > maxBytes) throw new Error(`${path} is too large`);
    return this.readFile(path);
  }
}

export class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

/** A body streamed in chunks of at most `chunk` bytes, produced only as they are read. */
export async function* streamOf(text: string, chunk = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += chunk) {
    await Promise.resolve(); // a chunk arrives later, as from a socket
    yield bytes.subarray(i, i + chunk);
  }
}

export function jsonResponse(json: unknown, status = 200, headers: Record<string, string> = {}): FetchResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, headers: { get: (n: string) => lower[n.toLowerCase()] ?? null }, body: streamOf(JSON.stringify(json)) };
}

/** A fetcher that answers every URL with `answer(url)` and records the URLs asked. */
export function fetchFrom(answer: (url: string, init: Parameters<FetchLike>[1]) => FetchResponse | Promise<FetchResponse>, log: string[] = []): FetchLike {
  return async (url, init) => {
    log.push(url);
    return answer(url, init);
  };
}
