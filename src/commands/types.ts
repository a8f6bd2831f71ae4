import type { PlanLens } from '../planEditing/codeLens';
import type { Services } from '../services';

/** A command handler receives the shared services and the arguments VS Code passes. */
export type CommandHandler = (services: Services, ...args: unknown[]) => unknown;

/** One command of the table: its handler and, for a plan action, the CodeLens it puts on plan files. */
export interface CommandEntry {
  readonly run: CommandHandler;
  /** A plan action: the plan CodeLens shows it, calling the command with the plan's URI. */
  readonly planLens?: Omit<PlanLens, 'command'>;
}

export type CommandTable = Readonly<Record<string, CommandEntry>>;
