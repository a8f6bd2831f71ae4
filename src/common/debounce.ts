import type { IDisposable } from './lifecycle';

/**
 * Calls `fn` once per key after `ms` of quiet (or the delay given to that schedule(), e.g. 0 for "soon,
 * but after the current burst"); a pending key is dropped by cancel() and dispose().
 */
export class KeyedDebouncer<K> implements IDisposable {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();
  private disposed = false;
  constructor(
    private readonly ms: number,
    private readonly fn: (key: K) => void,
  ) {}
  schedule(key: K, ms: number = this.ms): void {
    if (this.disposed) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.fn(key);
      }, ms),
    );
  }
  cancel(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** Calls `fn` once after `ms` of quiet following the last schedule(); nothing runs after dispose(), even if scheduled then. */
export class Debouncer implements IDisposable {
  private readonly keyed: KeyedDebouncer<undefined>;
  constructor(ms: number, fn: () => void) {
    this.keyed = new KeyedDebouncer(ms, () => fn());
  }
  schedule(ms?: number): void {
    this.keyed.schedule(undefined, ms);
  }
  cancel(): void {
    this.keyed.cancel(undefined);
  }
  dispose(): void {
    this.keyed.dispose();
  }
}
