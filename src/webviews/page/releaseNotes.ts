// The Release Notes page (bundled for the browser by esbuild into dist/webviews/releaseNotes.js).
// It never navigates and never fetches: it shows the body the host posts, filters it, moves the
// focus with the keyboard, and asks the host to open a link. The body comes without the content of its
// deferred sections (`details.lazy`: "All changes"); the page asks the host for one when it is opened,
// and for all of them when the reader filters.
import { MAX_OPEN_KEYS, type PageMessage, type PageState, REVIEW_COMPONENTS, SECTION_KEYS, type SectionKey, parseHostMessage, parsePageState } from '../releaseNotes/messages';
import type { PageDocument, PageElement, PageEvent, PageWindow } from '../releaseNotes/pageDom';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
declare const document: PageDocument;
declare const window: PageWindow;

const vscode = acquireVsCodeApi();
const content = document.getElementById('content') as PageElement;
const filter = document.getElementById('filter') as PageElement;
const filterCount = document.getElementById('filter-count') as PageElement;
// Kept across hide/show and window reloads: the filter, open sections, scroll, and what the host
// needs to restore the panel (its serializer reads `restore`).
let state: PageState = parsePageState(vscode.getState()) ?? { filter: '' };
filter.value = state.filter;

function keep(change: Partial<PageState>): void {
  state = { ...state, ...change };
  vscode.setState(state);
}

/** Lower-cased text of each item, computed once per render (and for each deferred section when it arrives). */
let items: { el: PageElement; text: string }[] = [];
/** Deferred sections asked for and not arrived yet. */
const pending = new Set<SectionKey>();

function itemsOf(root: PageElement): { el: PageElement; text: string }[] {
  return [...root.querySelectorAll('.item')].map((el) => ({ el, text: (el.textContent ?? '').toLowerCase() }));
}

/** The deferred sections of the body whose content has not arrived. */
function lazySections(): { key: SectionKey; box: PageElement }[] {
  return [...content.querySelectorAll('details.lazy[data-key]')].flatMap((box) => {
    const key = SECTION_KEYS.find((k) => k === box.dataset.key);
    return key ? [{ key, box }] : [];
  });
}

/** Asks the host for the content of `key` (once until it arrives). */
function request(key: SectionKey): void {
  if (pending.has(key)) return;
  pending.add(key);
  vscode.postMessage({ type: 'section', key });
}

/** The content of a deferred section arrived: it replaces the "Loading…" line; its items join the filter. */
function fill(key: SectionKey, html: string): void {
  pending.delete(key);
  const box = lazySections().find((s) => s.key === key)?.box;
  if (box) {
    box.querySelector(':scope > .loading')?.remove();
    box.insertAdjacentHTML('beforeend', html);
    box.classList.remove('lazy');
    items = items.concat(itemsOf(box));
  }
  applyFilter();
}

window.addEventListener('message', (event: PageEvent) => {
  const msg = parseHostMessage(event.data);
  if (!msg) {
    console.warn('Release Notes: ignored a malformed message');
    return;
  }
  if (msg.type === 'keep') {
    keep({ restore: msg.restore });
    return;
  }
  if (msg.type === 'reviewed') {
    // The host recorded the review: its text replaces the button (plain text, never HTML).
    const mark = content.querySelector(`[data-review="${msg.component}"]`);
    if (mark) {
      mark.textContent = `✓ ${msg.text}`;
      mark.classList.add('reviewed');
    }
    return;
  }
  if (msg.type === 'section') {
    fill(msg.key, msg.html);
    return;
  }
  document.title = msg.title;
  content.innerHTML = msg.html;
  content.setAttribute('aria-busy', 'false');
  pending.clear();
  items = itemsOf(content);
  if (state.open) {
    const open = new Set(state.open);
    for (const box of content.querySelectorAll('details[data-key]')) box.open = open.has(box.dataset.key ?? '');
  }
  applyFilter();
  if (state.scrollY) window.scrollTo(0, state.scrollY);
  // Items of sections not loaded yet count by their section's count.
  const deferred = lazySections().reduce((n, s) => n + Number(s.box.querySelector('summary .count')?.dataset.total ?? 0), 0);
  vscode.postMessage({ type: 'rendered', items: items.length + deferred });
});

// Which sections and releases are open, once the reader (or the filter) opened or closed one; a deferred
// section opened is asked for.
content.addEventListener('toggle', () => {
  const open = [...content.querySelectorAll('details[data-key]')].filter((d) => d.open).map((d) => d.dataset.key ?? '');
  keep({ open: open.slice(0, MAX_OPEN_KEYS) });
  for (const s of lazySections()) if (s.box.open) request(s.key);
}, true);

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => keep({ scrollY: Math.round(window.scrollY) }), 200);
});

function applyFilter(): void {
  const q = filter.value.trim().toLowerCase();
  let shown = 0;
  for (const it of items) {
    const match = !q || it.text.includes(q);
    it.el.hidden = !match;
    if (match) shown++;
  }
  for (const count of content.querySelectorAll('.count[data-total]')) {
    const box = count.closest('details');
    if (!box) continue;
    const visible = box.querySelectorAll('.item:not([hidden])').length;
    count.textContent = q ? `${visible} / ${count.dataset.total ?? ''}` : (count.dataset.total ?? '');
    if (q && visible > 0) box.open = true;
  }
  filterCount.textContent = !q ? '' : pending.size ? 'loading…' : `${shown} of ${items.length} items`;
}

filter.addEventListener('input', () => {
  keep({ filter: filter.value.slice(0, 1000) });
  // The filter looks at every item: the deferred sections are asked for (it says "loading…" until they arrive).
  if (filter.value.trim()) for (const s of lazySections()) request(s.key);
  applyFilter();
});

// Links carry their URL in data-url; the host checks it again and opens it.
content.addEventListener('click', (event) => {
  const button = isElement(event.target) ? event.target.closest('button.mark-reviewed[data-component]') : null;
  const component = REVIEW_COMPONENTS.find((c) => c === button?.dataset.component);
  if (component) {
    vscode.postMessage({ type: 'markReviewed', component });
    return;
  }
  const a = isElement(event.target) ? event.target.closest('a[data-url]') : null;
  if (!a) return;
  event.preventDefault();
  const url = a.dataset.url;
  if (url) vscode.postMessage({ type: 'openLink', url });
});

/** What the arrow keys move between: visible section and release summaries, headings and items. */
function focusables(): PageElement[] {
  return [...content.querySelectorAll('h2[tabindex], button.mark-reviewed, summary, .item')].filter((el) => {
    if (el.hidden || el.closest('[hidden]')) return false;
    // Inside a closed <details>, only its summary is reachable.
    for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) {
      if (!d.open && el.parentElement !== d) return false;
    }
    return true;
  });
}

document.addEventListener('keydown', (event) => {
  if (event.key === '/' && document.activeElement !== filter) {
    event.preventDefault();
    filter.focus();
    return;
  }
  if (document.activeElement === filter) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusables()[0]?.focus();
    }
    return;
  }
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const list = focusables();
  if (list.length === 0) return;
  const i = document.activeElement ? list.indexOf(document.activeElement) : -1;
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? list.length - 1 : event.key === 'ArrowDown' ? Math.min(list.length - 1, i + 1) : Math.max(0, i - 1);
  event.preventDefault();
  list[next].focus();
});

function isElement(v: unknown): v is PageElement {
  return !!v && typeof (v as { closest?: unknown }).closest === 'function';
}

/** The deferred sections the kept state needs in the first body: those open, or all of them when it filters. */
function keptSections(): SectionKey[] {
  if (state.filter.trim()) return [...SECTION_KEYS];
  return SECTION_KEYS.filter((k) => state.open?.includes(k));
}

const kept = keptSections();
vscode.postMessage(kept.length ? { type: 'ready', sections: kept } : { type: 'ready' });
