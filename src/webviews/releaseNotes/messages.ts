/**
 * The messages between the Release Notes page and its host, both directions, in one place. Each side
 * validates what arrives with the parser of the other side's union: anything else (unknown type,
 * missing or extra fields, wrong types) is rejected, and the receiver ignores and logs it.
 * No DOM and no `vscode` here: the page bundle and the host both import this file.
 */

/** Page → host. */
export type PageMessage =
  | { readonly type: 'ready' }
  /** The page showed a body: how many items it holds (the host logs it; the editor tier waits for it). */
  | { readonly type: 'rendered'; readonly items: number }
  /** A link the reader activated; the host opens it only after its own check (core/releaseNotes/links.ts). */
  | { readonly type: 'openLink'; readonly url: string }
  /** "Mark reviewed" in a component's header: the host records the review of the range it showed in the plan's checklist. */
  | { readonly type: 'markReviewed'; readonly component: ReviewComponent };

/** Host → page. */
export type HostMessage =
  /** The whole body, rendered and escaped by the host (markdown-it, HTML disabled). */
  | { readonly type: 'render'; readonly title: string; readonly html: string }
  /** The review of a component was recorded: the page shows `text` (plain text) in place of its button. */
  | { readonly type: 'reviewed'; readonly component: ReviewComponent; readonly text: string };

/** The components a review is recorded for (core/releaseNotes `DiffComponent`). */
export type ReviewComponent = 'k3s' | 'rook' | 'ceph';
export const REVIEW_COMPONENTS: readonly ReviewComponent[] = ['k3s', 'rook', 'ceph'];
const component = (x: unknown): boolean => (REVIEW_COMPONENTS as readonly unknown[]).includes(x);

export const MAX_URL_CHARS = 2048;
/** The page refuses a body larger than this (the host never renders one: it caps what it renders). */
export const MAX_HTML_CHARS = 64 * 1024 * 1024;

type Fields = Record<string, unknown>;

/** The object's own keys are exactly `keys`, each checked by its test. */
function exactly(v: unknown, shape: Record<string, (x: unknown) => boolean>): v is Fields {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  const want = Object.keys(shape);
  if (keys.length !== want.length || !want.every((k) => Object.prototype.hasOwnProperty.call(v, k))) return false;
  return want.every((k) => shape[k]((v as Fields)[k]));
}

const is = (t: string) => (x: unknown): boolean => x === t;
const str = (max: number) => (x: unknown): boolean => typeof x === 'string' && x.length <= max;

export function parsePageMessage(v: unknown): PageMessage | undefined {
  if (exactly(v, { type: is('ready') })) return { type: 'ready' };
  if (exactly(v, { type: is('rendered'), items: (x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 10_000_000 })) return { type: 'rendered', items: v.items as number };
  if (exactly(v, { type: is('openLink'), url: str(MAX_URL_CHARS) })) return { type: 'openLink', url: v.url as string };
  if (exactly(v, { type: is('markReviewed'), component })) return { type: 'markReviewed', component: v.component as ReviewComponent };
  return undefined;
}

export function parseHostMessage(v: unknown): HostMessage | undefined {
  if (exactly(v, { type: is('render'), title: str(1000), html: str(MAX_HTML_CHARS) })) return { type: 'render', title: v.title as string, html: v.html as string };
  if (exactly(v, { type: is('reviewed'), component, text: str(1000) })) return { type: 'reviewed', component: v.component as ReviewComponent, text: v.text as string };
  return undefined;
}

/** What the page keeps across hide/show and reloads (`vscode.getState()`), validated when read back. */
export interface PageState {
  readonly filter: string;
}

export function parsePageState(v: unknown): PageState | undefined {
  return exactly(v, { filter: str(1000) }) ? { filter: v.filter as string } : undefined;
}
