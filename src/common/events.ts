import type { IDisposable } from './lifecycle';

/** A minimal event emitter with VS Code's Event shape, so that vscode-free code can fire events too. */
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
