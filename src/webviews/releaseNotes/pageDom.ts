/**
 * The few DOM shapes the page script uses. The project type-checks as one Node program: a
 * `lib="dom"` reference from the page would leak DOM globals (fetch's Response, …) into the
 * extension's files, so the page declares what it touches instead.
 */
export interface PageElement {
  hidden: boolean;
  open: boolean;
  innerHTML: string;
  textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
  readonly parentElement: PageElement | null;
  value: string;
  closest(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement> & { readonly length: number };
  querySelector(selector: string): PageElement | null;
  readonly classList: { add(name: string): void; remove(name: string): void };
  /** Parses host-rendered HTML into the element (the page's only other HTML sink besides `innerHTML`). */
  insertAdjacentHTML(position: 'beforeend', html: string): void;
  remove(): void;
  focus(): void;
  setAttribute(name: string, value: string): void;
  addEventListener(type: 'input', listener: () => void): void;
  addEventListener(type: 'click', listener: (event: PageEvent) => void): void;
  /** `toggle` of a `<details>` does not bubble: listened to in the capture phase. */
  addEventListener(type: 'toggle', listener: () => void, capture: true): void;
}

export interface PageEvent {
  readonly target: unknown;
  readonly key: string;
  readonly data: unknown;
  preventDefault(): void;
}

export interface PageDocument {
  title: string;
  readonly activeElement: PageElement | null;
  getElementById(id: string): PageElement | null;
  addEventListener(type: 'keydown', listener: (event: PageEvent) => void): void;
}

export interface PageWindow {
  readonly scrollY: number;
  scrollTo(x: number, y: number): void;
  addEventListener(type: 'message', listener: (event: PageEvent) => void): void;
  addEventListener(type: 'scroll', listener: () => void): void;
}
