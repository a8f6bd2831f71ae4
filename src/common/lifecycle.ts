/** Minimal disposable shape, identical to vscode.Disposable, so that pure code can own resources too. */
export interface IDisposable {
  dispose(): void;
}

/** Owns child disposables and disposes them in reverse order of registration. */
export class Disposable implements IDisposable {
  private readonly children: IDisposable[] = [];
  private disposed = false;

  protected register<T extends IDisposable>(child: T): T {
    if (this.disposed) {
      child.dispose();
    } else {
      this.children.push(child);
    }
    return child;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    for (const child of this.children.splice(0).reverse()) {
      try {
        child.dispose();
      } catch {
        // One failing child must not keep the others alive.
      }
    }
  }
}
