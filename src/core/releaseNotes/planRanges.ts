import type { NotesRange } from './model';

/**
 * The ranges a plan's `components` name (the plan as plain data, e.g. ParsedPlan.value): K3s (or
 * plain Kubernetes, read against the K3s catalog), Rook and Ceph, current → target. Components with
 * a missing or non-string version, or nothing to upgrade, are left out.
 */
export function planRanges(plan: unknown): NotesRange[] {
  const components = field(plan, 'components');
  const out: NotesRange[] = [];
  for (const [name, component] of [['k3s', 'k3s'], ['kubernetes', 'k3s'], ['rook', 'rook'], ['ceph', 'ceph']] as const) {
    const c = field(components, name);
    const from = field(c, 'current');
    const to = field(c, 'target');
    if (typeof from !== 'string' || typeof to !== 'string' || !from.trim() || !to.trim() || from.trim() === to.trim()) continue;
    if (component === 'k3s' && out.some((r) => r.component === 'k3s')) continue;
    out.push({ component, from: from.trim(), to: to.trim() });
  }
  return out;
}

function field(v: unknown, key: string): unknown {
  return v && typeof v === 'object' && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, key) ? (v as Record<string, unknown>)[key] : undefined;
}
