import { isScalar } from 'yaml';
import type { OffsetRange } from './model';
import { editorDocument, plainValueOf } from './parse';
import type { PlanReleases } from './planReleases';
import { schemaAt, typeOf } from './schemaNav';
import { versionFieldAt } from './versionFields';
import { nodeRange, pathAtOffset } from './yamlPath';
import { formatPath } from './humanize';

export interface PlanHover {
  /** Markdown. Release texts are untrusted: the editor side renders it without HTML and untrusted. */
  readonly markdown: string;
  readonly range: OffsetRange;
}

const MAX_HOVER_TEXT = 512 * 1024;

function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|]/g, (c) => `\\${c}`);
}

/** The field's documentation from the schema and, on a version, that release's date and headline. */
export function planHover(text: string, offset: number, releases: PlanReleases): PlanHover | undefined {
  if (text.length > MAX_HOVER_TEXT) return undefined;
  try {
    const doc = editorDocument(text);
    if (!doc) return undefined;
    const at = pathAtOffset(doc, offset);
    if (at.path.length === 0 || !at.node) return undefined;
    const range = nodeRange(at.node);
    if (!range) return undefined;
    const schema = schemaAt(at.path);
    const parts: string[] = [];
    if (schema) {
      const type = typeOf(schema);
      parts.push(`**${escapeMarkdown(formatPath(at.path))}**${type ? ` · ${type}` : ''}`);
      if (schema.description) parts.push(schema.description);
      if (schema.enum) parts.push(`Allowed: ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`);
      else if (schema.examples?.length && ['string', 'number', 'integer', 'boolean'].includes(type ?? '')) {
        parts.push(`Example: \`${String(schema.examples[0])}\``);
      }
    }
    if (!at.onKey && isScalar(at.node) && typeof at.node.value === 'string') {
      const field = versionFieldAt(plainValueOf(doc), at.path);
      if (field) {
        const info = releases.summary(field.component, at.node.value);
        if (info) {
          const head = [`**${escapeMarkdown(info.version)}**`, info.date ? `released ${info.date}` : undefined].filter(Boolean).join(' — ');
          parts.push(head);
          if (info.headline) parts.push(escapeMarkdown(info.headline));
          if (info.url && /^https:\/\//.test(info.url)) parts.push(`[Release notes](${info.url})`);
        } else if (releases.versions(field.component).length > 0) {
          parts.push(`${escapeMarkdown(at.node.value)} is not in the release catalog.`);
        }
      }
    }
    return parts.length ? { markdown: parts.join('\n\n'), range } : undefined;
  } catch {
    return undefined;
  }
}
