import { type Result, ok } from '../../common/result';
import type { UpgradePlan } from '../plans/model';
import { parseMaintenanceWindow, windowState } from '../preflight/maintenanceWindow';
import type { RunPhaseKind } from './phases';

/**
 * Whether a phase must wait for the plan's maintenance window before it starts. Every phase that
 * changes something (backups included: a snapshot taken when the window opens is the one to go back
 * to) waits while the window is closed; gates, soaks and version waits follow a change already made
 * and do not. System-upgrade-controller also holds K3s Plans to the window (sucWindow.ts) once they
 * exist, even with the editor closed; this is the run's own, visible wait.
 */

const CHANGES: readonly RunPhaseKind[] = ['backups', 'etcd-snapshot', 'k3s-servers', 'k3s-canary', 'k3s-agents', 'rook-crds', 'rook-operator', 'ceph-image'];

export interface WindowWait {
  /** Local wall time the window opens (`saturday 22:00 Europe/Berlin`). */
  readonly opensAt: string;
  readonly opensInMinutes: number;
}

/** undefined: the phase may start now (no window, the window is open, or the phase changes nothing). */
export function windowWait(plan: Pick<UpgradePlan, 'strategy'>, kind: RunPhaseKind, now: Date): Result<WindowWait | undefined> {
  if (!CHANGES.includes(kind)) return ok(undefined);
  const w = parseMaintenanceWindow(plan.strategy?.maintenanceWindow);
  if (!w.ok) return w;
  if (!w.value) return ok(undefined);
  const s = windowState(w.value, now);
  return ok(s.open ? undefined : { opensAt: s.opensAt, opensInMinutes: s.opensInMinutes });
}
