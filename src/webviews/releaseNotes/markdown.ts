import MarkdownIt, { type RendererRule } from 'markdown-it';
import { allowedLink } from '../../core/releaseNotes/links';

/** One item's markdown is cut here: a release-note bullet is a few hundred characters. */
export const MAX_ITEM_CHARS = 20_000;

/**
 * Markdown of release notes (untrusted) to HTML: raw HTML is text (`html: false`), no linkify, no
 * images (their alt text stays), and a link survives only when the host would open it
 * (core/releaseNotes/links.ts); it carries its URL in `data-url` and `href="#"`, so the page never
 * navigates: it asks the host. Any other link is its plain text.
 */
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.disable(['image']);

interface Env {
  /** One entry per open link: whether it was kept. */
  links?: boolean[];
}

const linkOpen: RendererRule = (tokens, idx, _opts, env) => {
  const url = allowedLink(tokens[idx].attrGet('href'));
  ((env as Env).links ??= []).push(url !== undefined);
  return url ? `<a href="#" class="link" data-url="${md.utils.escapeHtml(url)}" title="${md.utils.escapeHtml(url)}">` : '';
};
const linkClose: RendererRule = (_tokens, _idx, _opts, env) => ((env as Env).links?.pop() ? '</a>' : '');
md.renderer.rules.link_open = linkOpen;
md.renderer.rules.link_close = linkClose;

export function renderMarkdown(text: string): string {
  const cut = text.length > MAX_ITEM_CHARS ? `${text.slice(0, MAX_ITEM_CHARS)} …` : text;
  return md.render(cut, {} satisfies Env);
}

export function escapeHtml(text: string): string {
  return md.utils.escapeHtml(text);
}
