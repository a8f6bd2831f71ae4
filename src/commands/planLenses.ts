import type { PlanLens } from '../planEditing/codeLens';
import type { CommandTable } from './types';

/** The plan CodeLenses: one per command of the table that is a plan action, in table order. */
export function planLensesOf(table: CommandTable): PlanLens[] {
  return Object.entries(table).flatMap(([command, entry]) => (entry.planLens ? [{ command, ...entry.planLens }] : []));
}
