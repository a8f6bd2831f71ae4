import { K3S_COMPONENTS } from './types';

export interface ComponentChange {
  readonly name: string;
  readonly from?: string;
  readonly to?: string;
  readonly change: 'added' | 'removed' | 'changed';
}

/** Embedded-component tables compared: known components in table order, then new columns by name. */
export function componentTableDiff(from: Readonly<Record<string, string>>, to: Readonly<Record<string, string>>): ComponentChange[] {
  const names = [...K3S_COMPONENTS.filter((c) => c in from || c in to)];
  const extra = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((n) => !(K3S_COMPONENTS as readonly string[]).includes(n)).sort();
  const out: ComponentChange[] = [];
  for (const name of [...names, ...extra]) {
    const a = Object.prototype.hasOwnProperty.call(from, name) ? from[name] : undefined;
    const b = Object.prototype.hasOwnProperty.call(to, name) ? to[name] : undefined;
    if (a === undefined && b !== undefined) out.push({ name, to: b, change: 'added' });
    else if (a !== undefined && b === undefined) out.push({ name, from: a, change: 'removed' });
    else if (a !== undefined && b !== undefined && a !== b) out.push({ name, from: a, to: b, change: 'changed' });
  }
  return out;
}
