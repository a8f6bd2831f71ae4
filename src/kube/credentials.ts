import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type * as https from 'node:https';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { errorMessage } from '../common/result';
import { formatBytes, formatSeconds } from './limits';

/**
 * Applies the current context's TLS settings and credentials to `opts`, as client-node's
 * applyToHTTPSOptions does, with a time limit: an exec credential plugin (client-node 1.4 spawns it
 * asynchronously and waits for it to exit) that never answers fails the connection after
 * `timeoutMs` and is killed, instead of holding the read pending for ever. Messages name the
 * plugin's command only, never its arguments, environment or output beyond the first error line:
 * they can hold secrets.
 */
export async function applyCredentials(kc: KubeConfig, opts: https.RequestOptions, timeoutMs: number, maxOutputBytes: number): Promise<void> {
  const plugin = pluginName(kc.getCurrentUser());
  const children = plugin ? trackExecChildren(kc, maxOutputBytes) : undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      for (const c of children?.spawned ?? []) c.kill('SIGKILL');
      const who = plugin ? `the credential plugin ${plugin} did not answer` : 'the credentials (auth provider) were not ready';
      reject(new Error(`${who} within ${formatSeconds(timeoutMs)}`));
    }, timeoutMs);
  });
  const applied = kc.applyToHTTPSOptions(opts).catch((e: unknown) => {
    if (!plugin || !children || children.spawned.length === 0) throw e;
    if (children.overflowed) throw new Error(`the credential plugin ${plugin} wrote more than ${formatBytes(maxOutputBytes)}; stopped it`);
    throw new Error(`the credential plugin ${plugin} ${pluginFailure(e)}`);
  });
  try {
    // The loser of the race is still handled: a plugin killed after the timeout rejects into the void.
    await Promise.race([applied, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The plugin's command without its directory (`aws`, `kubelogin`); undefined when the user has none. */
function pluginName(user: User | null): string | undefined {
  // client-node types these fields as `any`; read them as unknown.
  const fromProvider = (user?.authProvider as { config?: { exec?: unknown } } | undefined)?.config?.exec;
  const exec = (user?.exec as unknown) ?? fromProvider;
  if (!exec || typeof exec !== 'object') return undefined;
  const command = (exec as { command?: unknown }).command;
  return typeof command === 'string' && command !== '' ? path.basename(command) : 'exec';
}

/** `failed: <first line of its error output>` or `could not be started (ENOENT)`. */
function pluginFailure(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return `could not be started (${code})`;
  const first = errorMessage(e).split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return first ? `failed: ${first.length > 200 ? `${first.slice(0, 200)}…` : first}` : 'failed without a message';
}

interface Tracked {
  readonly spawned: ChildProcess[];
  overflowed: boolean;
}

/**
 * Wraps client-node's ExecAuth spawn function (a per-KubeConfig instance field, `execFn`) so that
 * the children it starts can be killed on timeout and stopped when they write too much. Found by
 * shape, since client-node does not export ExecAuth; without it the timer still ends the wait.
 */
function trackExecChildren(kc: KubeConfig, maxOutputBytes: number): Tracked {
  const tracked: Tracked = { spawned: [], overflowed: false };
  const authenticators = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  for (const a of authenticators) {
    const auth = a as { execFn?: unknown; tokenCache?: unknown };
    if (typeof auth.execFn !== 'function' || auth.tokenCache === undefined) continue;
    const spawn = auth.execFn as (...args: unknown[]) => ChildProcess;
    auth.execFn = (...args: unknown[]): ChildProcess => {
      const child = spawn(...args);
      tracked.spawned.push(child);
      let bytes = 0;
      child.stdout?.on('data', (d: Buffer | string) => {
        bytes += d.length;
        if (bytes > maxOutputBytes && !tracked.overflowed) {
          tracked.overflowed = true;
          child.kill('SIGKILL');
        }
      });
      return child;
    };
  }
  return tracked;
}
