import type { ClusterSnapshot, NodeSummary } from '../cluster';
import { type CheckHead, plural, sectionValue } from './common';
import { type CheckResult, nameList, objectRef } from './result';

/** Nodes Ready, without pressure, none cordoned: three checks over the snapshot's node list, each naming the nodes. */

const READY: CheckHead = { id: 'nodes.ready', title: 'Every node is Ready' };
const PRESSURE: CheckHead = { id: 'nodes.pressure', title: 'No node under memory, disk or PID pressure' };
const CORDONED: CheckHead = { id: 'nodes.cordoned', title: 'No node cordoned before the start' };

type Nodes = Pick<ClusterSnapshot, 'nodes'>;

export function checkNodesReady(s: Nodes): CheckResult {
  return nodeCheck(READY, s, (n) => !n.ready, {
    pass: (all) => `all ${plural(all, 'node')} are Ready`,
    fail: (bad) => `not Ready: ${nameList(bad)}`,
    fixHint: 'Find out why the node is not Ready (kubelet, network, disk) and bring it back, or remove it from the cluster before upgrading.',
  });
}

export function checkNodePressure(s: Nodes): CheckResult {
  const byNode = (n: NodeSummary): string => `${n.name} (${n.pressures.join(', ')})`;
  return nodeCheck(PRESSURE, s, (n) => n.pressures.length > 0, {
    pass: (all) => `none of ${plural(all, 'node')} reports pressure`,
    fail: (_bad, nodes) => `under pressure: ${nameList(nodes.map(byNode), 3)}`,
    fixHint: 'Free memory, disk or PIDs on the node first: an upgrade pulls images and restarts pods, and a node under pressure evicts them.',
  });
}

export function checkNodesCordoned(s: Nodes): CheckResult {
  return nodeCheck(CORDONED, s, (n) => n.unschedulable, {
    pass: (all) => `none of ${plural(all, 'node')} is cordoned`,
    fail: (bad) => `already cordoned: ${nameList(bad)}`,
    fixHint: 'Uncordon the node if nothing needs it cordoned; if it is cordoned on purpose, override this check: the run uncordons every node it upgrades.',
  });
}

function nodeCheck(
  head: CheckHead,
  s: Nodes,
  bad: (n: NodeSummary) => boolean,
  words: { pass: (all: number) => string; fail: (names: string[], nodes: NodeSummary[]) => string; fixHint: string },
): CheckResult {
  const read = sectionValue(head, s.nodes, 'the nodes');
  if ('result' in read) return read.result;
  const offenders = read.value.filter(bad);
  const names = offenders.map((n) => n.name);
  if (read.value.length === 0) return { ...head, status: 'not-checked', reason: 'the cluster lists no nodes', objects: [] };
  if (offenders.length === 0) return { ...head, status: 'pass', reason: words.pass(read.value.length), objects: [], evidence: { nodes: read.value.length } };
  return {
    ...head,
    status: 'fail',
    reason: words.fail(names, offenders),
    objects: offenders.map((n) => objectRef('Node', n.name)),
    fixHint: words.fixHint,
    evidence: { nodes: read.value.length, offenders: names },
  };
}
