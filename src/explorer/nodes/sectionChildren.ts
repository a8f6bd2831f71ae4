import type { Section } from '../../core/cluster/snapshot';
import type { ExplorerNode } from './base';
import { ErrorNode } from './errorNode';
import { MessageNode } from './messageNode';

/** Maps a section to its children: the value's rows, an "absent" row, or an error row. */
export function sectionChildren<T>(
  parent: ExplorerNode,
  section: Section<T>,
  absentLabel: string,
  ok: (value: T) => ExplorerNode[],
): ExplorerNode[] {
  switch (section.state) {
    case 'ok':
      return ok(section.value);
    case 'absent':
      return [new MessageNode(parent, `${parent.id}/absent`, absentLabel, 'circle-slash', section.reason)];
    case 'error':
      return [new ErrorNode(parent, `${parent.id}/error`, section.error)];
  }
}
