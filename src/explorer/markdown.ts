/**
 * Cluster-supplied text (node names, OS images, kubeconfig names, versions a server reports) goes
 * into Markdown tooltips only through these helpers: every character Markdown or HTML could read as
 * syntax is escaped, line breaks become spaces, and overlong values are cut. vscode-free, so that it
 * is unit-tested; one pass over the input (linear).
 */

/** A value longer than this is cut with an ellipsis: a tooltip is no place for a megabyte label. */
export const MAX_MARKDOWN_VALUE = 500;

/** CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones with a meaning. */
const SPECIAL = /[\\`*_{}[\]()#+\-.!|~=:]/g;
const HTML: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };

/** Plain text, shown as it is inside a MarkdownString. */
export function escapeMarkdown(text: string, max = MAX_MARKDOWN_VALUE): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut
    .replace(/[\r\n\t\f\v\u2028\u2029]+/g, ' ')
    .replace(/[<>&"]/g, (c) => HTML[c] ?? c)
    .replace(SPECIAL, '\\$&');
}

/** Tagged template: interpolated values are escaped, the literal parts are Markdown. */
export function md(parts: TemplateStringsArray, ...values: readonly (string | number | undefined)[]): string {
  let out = parts[0] ?? '';
  values.forEach((v, i) => {
    out += escapeMarkdown(v === undefined ? '' : String(v)) + (parts[i + 1] ?? '');
  });
  return out;
}
