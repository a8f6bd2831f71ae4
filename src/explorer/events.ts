import type { IDisposable } from '../common/lifecycle';

/** A minimal event emitter with VS Code's Event shape, so the model stays testable without the editor. */
export type Listener<T> = (e: T) => void;
export type Event<T> = (listener: Listener<T>) => IDisposable;

export class Emitter<T> implements IDisposable {
  private listeners = new Set<Listener<T>>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

/** Calls `fn` once per key after `ms` of quiet; pending keys are dropped on dispose. */
export class KeyedDebouncer<K> implements IDisposable {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();
  constructor(
    private readonly ms: number,
    private readonly fn: (key: K) => void,
  ) {}
  schedule(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.fn(key);
      }, this.ms),
    );
  }
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
