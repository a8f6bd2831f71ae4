// kwok's configuration: the upstream "fast" node and pod stages (cluster/kwok-stages, from kwok v0.8.0), except that
// Job pods finish only once the simulator has written its verdict (annotation upgrade-planner.dev/sim-outcome:
// Succeeded|Failed). That makes "a Job that fails" deterministic instead of a race with kwok.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './binaries.mjs';

const stagesDir = join(root, 'cluster', 'kwok-stages');

export function kwokConfig() {
  const docs = [
    ...readdirSync(stagesDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(stagesDir, f), 'utf8')),
  ];
  return docs.join('\n---\n');
}
