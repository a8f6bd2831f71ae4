import type { ReleaseNotesView } from '../../core/releaseNotes/model';
import { deferrableSections, renderSection } from './html';
import type { HostMessage, SectionKey, WarnLog } from './messages';

/** The host's answer to a `section` request. */
export type SectionMessage = Extract<HostMessage, { type: 'section' }>;

/**
 * The deferred sections of a panel (each component's "All changes": most of the items and bytes): the body
 * is posted without their content, and the page asks for a section when the reader opens it or filters.
 * This keeps which of them the page holds, so that a body posted again (a new view, new review marks)
 * still has them; no `vscode` here, the panel passes its log.
 */
export class DeferredSections {
  private readonly held = new Set<SectionKey>();

  constructor(private readonly log: WarnLog) {}

  /** The page (re)loaded holding nothing: it asked for `asked` in its `ready` (what its kept state needs). */
  reset(view: ReleaseNotesView, asked: readonly SectionKey[] = []): void {
    this.held.clear();
    const known = deferrableSections(view);
    for (const key of asked) if (known.includes(key)) this.held.add(key);
  }

  /** The sections to post without content now: those of `view` the page does not hold. */
  deferred(view: ReleaseNotesView): ReadonlySet<SectionKey> {
    return new Set(deferrableSections(view).filter((k) => !this.held.has(k)));
  }

  /** Which sections the page holds, as a cache key of the body. */
  key(): string {
    return [...this.held].sort().join(',');
  }

  /**
   * The answer to the page's request for `key`: that section's content, rendered now. A section `view` does
   * not have (a component it does not show, or one without releases) is ignored and logged.
   */
  answer(view: ReleaseNotesView, key: SectionKey): SectionMessage | undefined {
    const html = renderSection(view, key);
    if (html === undefined) {
      this.log.warn(`Release Notes: ignored a request for the section "${key}": this page has no such section`);
      return undefined;
    }
    this.held.add(key);
    return { type: 'section', key, html };
  }
}
