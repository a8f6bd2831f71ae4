import type { ApiFinding } from '../core/apis';
import type { Judgement } from './judgement';

/** vscode-free: the sentences of a removed-API diagnostic and its hover. */

/** One line for the Problems view: what, when, against which target and why, and what to do. */
export function diagnosticMessage(f: ApiFinding, j: Judgement, bestEffort: boolean): string {
  const what = `${f.apiVersion} ${f.kind}`;
  const when =
    f.status === 'removed'
      ? `${what} is removed in Kubernetes ${f.removedIn ?? '?'}`
      : `${what} is deprecated since Kubernetes ${f.deprecatedIn ?? '?'}${f.removedIn ? ` and removed in ${f.removedIn}` : ''}`;
  const helm = bestEffort ? ' (Helm template read without rendering: best effort)' : '';
  return `${when}; ${j.because}. ${action(f)}${helm}`;
}

function action(f: ApiFinding): string {
  if (!f.replacement || !f.replacementApiVersion) return f.notes.length > 0 ? 'There is no replacement API: see hover.' : 'There is no replacement API.';
  const to = `${f.replacementApiVersion} ${f.replacement.kind}`;
  const from = f.replacementFrom ? ` (served from ${f.replacementFrom})` : '';
  if (f.change === 'mechanical') return `Use ${to}${from}; only the apiVersion changes (quick fix).`;
  if (f.change === 'fields') return `Use ${to}${from}; needs field changes: see hover.`;
  return `Use ${to}${from}; what else changes has not been reviewed: check its schema.`;
}

/** Markdown for the hover on the apiVersion value: the lifecycle, the target and every field change. */
export function hoverMarkdown(f: ApiFinding, j: Judgement, bestEffort: boolean): string {
  const lines: string[] = [];
  const life = [f.entry.introduced && `introduced in ${f.entry.introduced}`, f.deprecatedIn && `deprecated in ${f.deprecatedIn}`, f.removedIn && `removed in ${f.removedIn}`].filter(Boolean).join(', ');
  lines.push(`**${code(`${f.apiVersion} ${f.kind}`)}**: ${life}.`, '');
  lines.push(`Judged against Kubernetes ${j.targetMinor}: ${j.because}.`, '');
  if (f.replacement && f.replacementApiVersion) {
    const from = f.replacementFrom ? ` (served from ${f.replacementFrom})` : '';
    lines.push(`Replacement: ${code(`${f.replacementApiVersion} ${f.replacement.kind}`)}${from}.`, '');
  }
  if (f.change === 'mechanical') lines.push('Only the apiVersion changes; the quick fix rewrites it.');
  else if (f.change === 'unknown') lines.push('What else changes has not been reviewed: compare the schemas of both versions.');
  if (f.notes.length > 0) {
    lines.push(f.change === 'none' ? 'What to do:' : 'What else must change:', '');
    for (const n of f.notes) lines.push(`- ${escape(n)}`);
  }
  if (bestEffort) lines.push('', '_Found in a Helm template read without rendering: the line may sit in a branch that is never rendered._');
  return lines.join('\n');
}

function code(s: string): string {
  return `\`${s.replace(/`/g, '')}\``;
}

/** The notes are reviewed data, but keep them literal: no links, no HTML. */
function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`);
}
