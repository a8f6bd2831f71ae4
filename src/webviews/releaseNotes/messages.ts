/**
 * The messages between the Release Notes page and its host, both directions, in one place. Each side
 * validates what arrives with the parser of the other side's union: anything else (unknown type,
 * missing or extra fields, wrong types) is rejected, and the receiver ignores and logs it.
 * No DOM and no `vscode` here: the page bundle and the host both import this file.
 */
import type { NotesRange } from '../../core/releaseNotes/model';

/** Page → host. */
export type PageMessage =
  /**
   * The page loaded. `sections`: the deferred sections it needs in the body already (those its kept state
   * has open, or all of them when it kept a filter), so that a reload shows the same page at once.
   */
  | { readonly type: 'ready'; readonly sections?: readonly SectionKey[] }
  /** The reader opened a deferred section (or typed in the filter, which needs every item): its content, please. */
  | { readonly type: 'section'; readonly key: SectionKey }
  /**
   * The page showed a body: how many items it holds, those of deferred sections not loaded yet counted by
   * their section's count (the host logs it; the editor tier waits for it).
   */
  | { readonly type: 'rendered'; readonly items: number }
  /** A link the reader activated; the host opens it only after its own check (core/releaseNotes/links.ts). */
  | { readonly type: 'openLink'; readonly url: string }
  /** "Mark reviewed" in a component's header: the host records the review of the range it showed in the plan's checklist. */
  | { readonly type: 'markReviewed'; readonly component: ReviewComponent };

/** Host → page. */
export type HostMessage =
  /** The whole body, rendered and escaped by the host (markdown-it, HTML disabled). */
  | { readonly type: 'render'; readonly title: string; readonly html: string }
  /** The content of a deferred section the page asked for, rendered and escaped like the body. */
  | { readonly type: 'section'; readonly key: SectionKey; readonly html: string }
  /** The review of a component was recorded: the page shows `text` (plain text) in place of its button. */
  | { readonly type: 'reviewed'; readonly component: ReviewComponent; readonly text: string }
  /** What the page keeps in its state (`setState`) so that the panel's serializer can show the same notes after a reload. */
  | { readonly type: 'keep'; readonly restore: RestoreState };

/**
 * What the serializer needs to open a panel again after a reload: its title and the plan file (whose
 * ranges are read again) or the ranges it showed. Never the notes themselves.
 */
export type RestoreState =
  | { readonly title: string; readonly plan: string }
  | { readonly title: string; readonly ranges: readonly NotesRange[] };

/** The components a review is recorded for (core/releaseNotes `DiffComponent`). */
export type ReviewComponent = 'k3s' | 'rook' | 'ceph';
export const REVIEW_COMPONENTS: readonly ReviewComponent[] = ['k3s', 'rook', 'ceph'];
const component = (x: unknown): boolean => (REVIEW_COMPONENTS as readonly unknown[]).includes(x);

/**
 * A section the host sends without its content (closed by default, most of the items and bytes): a
 * component's "All changes". Its `data-key` in the page; the page asks for its content when it is opened.
 */
export type SectionKey = `${ReviewComponent}/changes`;
export const SECTION_KEYS: readonly SectionKey[] = REVIEW_COMPONENTS.map((c) => `${c}/changes` as const);
const sectionKey = (x: unknown): boolean => (SECTION_KEYS as readonly unknown[]).includes(x);
/** Distinct section keys, at most one per component. */
const sectionKeys = (x: unknown): boolean => Array.isArray(x) && x.length <= SECTION_KEYS.length && x.every(sectionKey) && new Set(x).size === x.length;

export const MAX_URL_CHARS = 2048;
/** A panel's title (a plan's name is cut at 100 characters; a title of three ranges stays under this). */
export const MAX_TITLE_CHARS = 300;
/** A version string of a restored range (`v1.33.7+k3s3`, `v19.2.3`). */
export const MAX_VERSION_CHARS = 64;
/** The page refuses a body larger than this (the host never renders one: it caps what it renders). */
export const MAX_HTML_CHARS = 64 * 1024 * 1024;

type Fields = Record<string, unknown>;

type Test = (x: unknown) => boolean;
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** The object has every key of `shape`, no key but those and the `optional` ones, and each value passes its test. */
function exactly(v: unknown, shape: Record<string, Test>, optional: Record<string, Test> = {}): v is Fields {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  if (!Object.keys(shape).every((k) => has(v, k))) return false;
  return Object.keys(v).every((k) => {
    const test = has(shape, k) ? shape[k] : has(optional, k) ? optional[k] : undefined;
    return test !== undefined && test((v as Fields)[k]);
  });
}

const is = (t: string) => (x: unknown): boolean => x === t;
const str = (max: number) => (x: unknown): boolean => typeof x === 'string' && x.length <= max;

export function parsePageMessage(v: unknown): PageMessage | undefined {
  if (exactly(v, { type: is('ready') }, { sections: sectionKeys })) return v.sections === undefined ? { type: 'ready' } : { type: 'ready', sections: [...(v.sections as SectionKey[])] };
  if (exactly(v, { type: is('section'), key: sectionKey })) return { type: 'section', key: v.key as SectionKey };
  if (exactly(v, { type: is('rendered'), items: (x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 10_000_000 })) return { type: 'rendered', items: v.items as number };
  if (exactly(v, { type: is('openLink'), url: str(MAX_URL_CHARS) })) return { type: 'openLink', url: v.url as string };
  if (exactly(v, { type: is('markReviewed'), component })) return { type: 'markReviewed', component: v.component as ReviewComponent };
  return undefined;
}

/** Where a receiver logs what it ignores (the host's LogOutputChannel; a test's list). */
export interface WarnLog {
  warn(message: string): void;
}

/** A page message as the host receives it: parsed, or undefined and logged (its type and keys, never its content). */
export function receivePageMessage(raw: unknown, log: WarnLog): PageMessage | undefined {
  const msg = parsePageMessage(raw);
  if (!msg) log.warn(`Release Notes: ignored a malformed message from the page (${describe(raw)})`);
  return msg;
}

/** A short description of a rejected message for the log: its type and keys, never its content. */
function describe(raw: unknown): string {
  if (!raw || typeof raw !== 'object') return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return `type ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type}, keys ${Object.keys(raw).slice(0, 10).join(',')}`;
}

export function parseHostMessage(v: unknown): HostMessage | undefined {
  if (exactly(v, { type: is('render'), title: str(1000), html: str(MAX_HTML_CHARS) })) return { type: 'render', title: v.title as string, html: v.html as string };
  if (exactly(v, { type: is('section'), key: sectionKey, html: str(MAX_HTML_CHARS) })) return { type: 'section', key: v.key as SectionKey, html: v.html as string };
  if (exactly(v, { type: is('reviewed'), component, text: str(1000) })) return { type: 'reviewed', component: v.component as ReviewComponent, text: v.text as string };
  if (exactly(v, { type: is('keep'), restore: (x) => parseRestoreState(x) !== undefined })) return { type: 'keep', restore: parseRestoreState(v.restore)! };
  return undefined;
}

const version = (x: unknown): boolean => typeof x === 'string' && x.trim() === x && x.length > 0 && x.length <= MAX_VERSION_CHARS;
const title = (x: unknown): boolean => typeof x === 'string' && x.trim().length > 0 && x.length <= MAX_TITLE_CHARS;

/** One to three ranges, each of a known component with two versions, no component twice. */
function ranges(x: unknown): boolean {
  if (!Array.isArray(x) || x.length === 0 || x.length > REVIEW_COMPONENTS.length) return false;
  if (!x.every((r) => exactly(r, { component, from: version, to: version }))) return false;
  return new Set(x.map((r) => r.component)).size === x.length;
}

/**
 * A restore state read back from the page (or from the state VS Code kept for it), validated like a
 * message: exactly `{ title, plan }` or `{ title, ranges }`. The plan is only a string here; the host
 * checks that it names a plan file of the workspace before it reads it.
 */
export function parseRestoreState(v: unknown): RestoreState | undefined {
  if (exactly(v, { title, plan: (x) => str(MAX_URL_CHARS)(x) && (x as string).length > 0 })) return { title: v.title as string, plan: v.plan as string };
  if (exactly(v, { title, ranges })) {
    return { title: v.title as string, ranges: (v.ranges as NotesRange[]).map((r) => ({ component: r.component, from: r.from, to: r.to })) };
  }
  return undefined;
}

/** What the page keeps across hide/show and reloads (`vscode.getState()`), validated when read back. */
export interface PageState {
  readonly filter: string;
  /** What the host told the page to keep for the serializer (absent until the first body arrived). */
  readonly restore?: RestoreState;
  /** The `data-key` of every open section and release, once the reader opened or closed one. */
  readonly open?: readonly string[];
  /** How far the page was scrolled, in CSS pixels. */
  readonly scrollY?: number;
}

/** Open sections kept: a plan's three components have a few hundred releases at most. */
export const MAX_OPEN_KEYS = 2000;
const keys = (x: unknown): boolean => Array.isArray(x) && x.length <= MAX_OPEN_KEYS && x.every((k) => typeof k === 'string' && k.length <= 200);

export function parsePageState(v: unknown): PageState | undefined {
  const ok = exactly(v, { filter: str(1000) }, {
    restore: (x) => parseRestoreState(x) !== undefined,
    open: keys,
    scrollY: (x) => typeof x === 'number' && Number.isFinite(x) && x >= 0 && x <= 100_000_000,
  });
  if (!ok) return undefined;
  const restore = parseRestoreState(v.restore);
  return {
    filter: v.filter as string,
    ...(restore ? { restore } : {}),
    ...(v.open !== undefined ? { open: [...(v.open as string[])] } : {}),
    ...(v.scrollY !== undefined ? { scrollY: v.scrollY as number } : {}),
  };
}
