import type { ComponentNotes, EmbeddedChange, EntryGroup, NotesEntry, ReleaseChanges, ReleaseNotesView, ReleaseRef, SecurityEntry } from '../../core/releaseNotes/model';
import { allowedLink } from '../../core/releaseNotes/links';
import { contentSecurityPolicy } from './csp';
import { escapeHtml as esc, renderMarkdown } from './markdown';
import type { SectionKey } from './messages';

/**
 * The Release Notes page as HTML, built by the host. Every upstream text goes through
 * renderMarkdown (HTML disabled, links checked); every other string through esc. Items are
 * `.item` elements the page filters; sections and releases are `<details>` (keyboard: their
 * summaries are focusable, the page moves between items with the arrow keys).
 */

export interface ShellOptions {
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
}

/** The document the panel loads: CSP, the stylesheet, the filter box, an empty body filled after `ready`. */
export function pageShell(o: ShellOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${esc(o.styleUri)}">
<title>${esc(o.title)}</title>
</head>
<body>
<div class="toolbar" role="search">
<label for="filter">Filter</label>
<input id="filter" type="search" placeholder="Filter items (text, CVE id, release) — press / to focus" autocomplete="off" spellcheck="false">
<span id="filter-count" aria-live="polite"></span>
</div>
<main id="content" aria-busy="true"><p class="loading">Loading release notes…</p></main>
<script nonce="${esc(o.nonce)}" src="${esc(o.scriptUri)}"></script>
</body>
</html>`;
}

/** The review state of a component in the plan's checklist; shown in its header with a "Mark reviewed" button until verified. */
export interface ReviewMark {
  readonly verified: boolean;
  /** Plain text: `reviewed v1.30.4+k3s1 → v1.33.7+k3s3 by alice on 2025-06-01`, `not reviewed yet: …`. */
  readonly text: string;
}

/** Review marks per component; undefined when the panel was not opened for a plan file (no button then). */
export type ReviewMarks = Readonly<Partial<Record<ComponentNotes['component'], ReviewMark>>>;

/** How the body is rendered for the panel. */
export interface BodyOptions {
  /**
   * Sections sent without their content: a `details.lazy` with its summary and count and a "Loading…"
   * line, filled by renderSection when the page asks. Default: none (the whole body).
   */
  readonly defer?: ReadonlySet<SectionKey>;
}

/** The body posted to the page once it says `ready`. */
export function renderBody(view: ReleaseNotesView, reviews?: ReviewMarks, options: BodyOptions = {}): string {
  const parts = [`<header class="page-header"><h1>${esc(view.title)}</h1><p class="meta">Release catalog as of ${esc(view.asOf.slice(0, 10))}. Release notes are upstream text; links open in your browser after a check.</p></header>`];
  for (const c of view.components) parts.push(componentHtml(c, reviews, options.defer?.has(changesKey(c)) === true));
  if (view.components.length === 0) parts.push('<p>Nothing to upgrade: no component has a current and a different target version.</p>');
  return parts.join('\n');
}

/** The sections of `view` that can be deferred: each component's "All changes" with at least one release. */
export function deferrableSections(view: ReleaseNotesView): SectionKey[] {
  return view.components.filter(deferrable).map(changesKey);
}

/**
 * The content of a deferred section (what follows its summary in the whole body); undefined when `view`
 * has no such section.
 */
export function renderSection(view: ReleaseNotesView, key: SectionKey): string | undefined {
  const c = view.components.find((x) => changesKey(x) === key);
  return c && deferrable(c) ? changesHtml(c) : undefined;
}

function deferrable(c: ComponentNotes): boolean {
  return !c.error && c.changes.items.length > 0;
}

function changesKey(c: ComponentNotes): SectionKey {
  return `${c.component}/changes`;
}

function changesHtml(c: ComponentNotes): string {
  return c.changes.items.map((rc) => releaseHtml(c, rc)).join('');
}

function link(url: string | undefined, text: string): string {
  const ok = allowedLink(url);
  return ok ? `<a href="#" class="link" data-url="${esc(ok)}" title="${esc(ok)}">${esc(text)}</a>` : esc(text);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The mark of a plan panel's component: verified text, or the button and why it is needed. */
function reviewHtml(c: ComponentNotes, reviews: ReviewMarks | undefined): string {
  const mark = reviews?.[c.component];
  if (!mark) return '';
  const attrs = `class="review${mark.verified ? ' reviewed' : ''}" data-review="${esc(c.component)}"`;
  if (mark.verified) return `<p ${attrs}>✓ ${esc(mark.text)}</p>`;
  return `<p ${attrs}><button type="button" class="mark-reviewed" data-component="${esc(c.component)}">Mark reviewed</button> <span class="review-note">${esc(mark.text)}</span></p>`;
}

function componentHtml(c: ComponentNotes, reviews: ReviewMarks | undefined, deferChanges: boolean): string {
  const id = `c-${c.component}`;
  const head = `<h2 id="${id}" tabindex="-1">${esc(c.label)} ${esc(c.from)} → ${esc(c.to)}</h2>`;
  if (c.error) return `<section class="component" aria-labelledby="${id}">${head}<p class="error">${esc(c.error)}</p></section>`;
  const sources = Object.entries(c.sources).map(([s, n]) => `${esc(s)} ${n}`).join(', ');
  const facts = [
    `Range (${esc(c.from)}, ${esc(c.to)}]`,
    plural(c.releases.length, 'release') + ' crossed',
    c.minorsCrossed.length ? `${plural(c.minorsCrossed.length, c.component === 'ceph' ? 'release' : 'minor')} crossed (${c.minorsCrossed.map(esc).join(', ')})` : 'no minor crossed',
    sources ? `sources: ${sources}` : '',
    c.upstreamUrl ? link(c.upstreamUrl, `Upstream notes of ${c.to}`) : '',
  ].filter(Boolean);
  const notes = c.notes.length ? `<ul class="diff-notes">${c.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<section class="component" aria-labelledby="${id}">
${head}
<p class="facts">${facts.join(' · ')}</p>
${reviewHtml(c, reviews)}
${notes}
${section(c, 'urgent', 'Urgent / breaking', c.urgent.count, c.urgent.items.map(groupHtml).join(''), true)}
${section(c, 'security', 'Security', c.security.count, securityHtml(c.security.items, c.security.exposed), c.security.count > 0)}
${section(c, 'deprecations', 'Deprecations and removals', c.deprecations.count, entriesHtml(c.deprecations.items, true), c.deprecations.count > 0)}
${section(c, 'known-issues', 'Known issues', c.knownIssues.count, entriesHtml(c.knownIssues.items, true), c.knownIssues.count > 0)}
${section(c, 'embedded', c.component === 'k3s' ? 'Embedded components' : 'Compatibility', c.embedded.count, embeddedHtml(c.embedded.items), c.embedded.count > 0)}
${c.laterUpgrades.length ? section(c, 'later', 'Before a later upgrade', c.laterUpgrades.length, entriesHtml(c.laterUpgrades, true), false) : ''}
${deferChanges && deferrable(c) ? section(c, 'changes', 'All changes', c.changes.count, '<p class="empty loading">Loading…</p>', false, true) : section(c, 'changes', 'All changes', c.changes.count, changesHtml(c), false)}
</section>`;
}

/** `data-key` of a section or release box: the page keeps which ones the reader opened (PageState.open). */
function section(c: ComponentNotes, kind: string, title: string, count: number, body: string, open: boolean, lazy = false): string {
  return `<details class="section section-${kind}${lazy ? ' lazy' : ''}" data-key="${esc(`${c.component}/${kind}`)}"${open ? ' open' : ''}><summary><span class="title">${esc(title)}</span> <span class="count" data-total="${count}">${count}</span></summary>${body || '<p class="empty">None.</p>'}</details>`;
}

function entryHtml(e: NotesEntry, showRelease: boolean): string {
  const meta = [showRelease ? `<span class="release">${esc(e.release)}</span>` : '', e.title ? `<span class="note-title">${esc(e.title)}</span>` : ''].filter(Boolean).join(' ');
  return `<div class="item kind-${esc(e.kind)}" tabindex="-1">${meta ? `<div class="item-meta">${meta}</div>` : ''}${renderMarkdown(e.text)}</div>`;
}

function entriesHtml(entries: readonly NotesEntry[], showRelease: boolean): string {
  return entries.map((e) => entryHtml(e, showRelease)).join('');
}

function groupHtml(g: EntryGroup): string {
  const status = g.status === 'none' ? '<p class="empty">None, says upstream.</p>'
    : g.status === 'unknown' ? `<p class="unknown">Not in the release catalog: ${link(g.url, 'read them upstream')}.</p>` : '';
  return `<div class="group"><h4>${esc(g.title)}${g.url && g.status === 'present' ? ` · ${link(g.url, 'upstream')}` : ''}</h4>${status}${entriesHtml(g.entries, true)}</div>`;
}

function securityHtml(items: readonly SecurityEntry[], exposed: number): string {
  if (items.length === 0) return '';
  const head = `<p class="exposure">${exposed === 0 ? 'The current version already has every fix listed.' : `The current version is exposed to ${plural(exposed, 'of these', 'of these')}.`}</p>`;
  const rows = items.map((s) => `<div class="item security${s.exposed ? ' exposed' : ''}" tabindex="-1">
<div class="item-meta">${link(s.url, s.id)} · fixed in <span class="release">${esc(s.fixedIn)}</span>${s.fixedOnCurrentLine && s.fixedOnCurrentLine !== s.fixedIn ? ` · also in ${esc(s.fixedOnCurrentLine)} (current minor)` : ''}${s.exposed ? ' · <span class="badge">current version exposed</span>' : ' · <span class="badge ok">fixed in the current version</span>'}</div>
${renderMarkdown(s.text)}</div>`).join('');
  return head + rows;
}

function embeddedHtml(items: readonly EmbeddedChange[]): string {
  if (items.length === 0) return '';
  const rows = items.map((e) => `<tr class="item" tabindex="-1"><td>${esc(e.name)}</td><td>${esc(e.from ?? '—')}</td><td>${esc(e.to ?? '—')}</td><td>${esc(e.change)}</td></tr>`).join('');
  return `<table class="embedded"><thead><tr><th>Component</th><th>From</th><th>To</th><th>Change</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function releaseLabel(r: ReleaseRef): string {
  return [r.version, r.date, r.source].filter(Boolean).map((s) => esc(s!)).join(' · ');
}

function releaseHtml(c: ComponentNotes, rc: ReleaseChanges): string {
  const r = rc.release;
  return `<details class="release-changes" data-key="${esc(`${c.component}/release/${r.version}`)}"><summary>${releaseLabel(r)} <span class="count" data-total="${rc.entries.length}">${rc.entries.length}</span></summary>${r.url ? `<p>${link(r.url, `Upstream release page of ${r.version}`)}</p>` : ''}${entriesHtml(rc.entries, false) || '<p class="empty">No items.</p>'}</details>`;
}

/** The page of a panel that could not be restored after a reload: one sentence, no script. */
export function unrestoredPage(cspSource: string, nonce: string, title: string, reason: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${esc(contentSecurityPolicy(cspSource, nonce))}">
<title>${esc(title)}</title>
</head>
<body>
<p class="unrestored">These release notes could not be restored: ${esc(reason)}. Open them again from the plan's CodeLens, the explorer or the command palette.</p>
</body>
</html>`;
}
