// What a demand-driven run must have parsed for its answer to be the full run's: the functions the roots
// reach (every edge, to any depth), and every name looked up in the merged tables on their behalf. Pure: the
// host maps the names to files with the lexical pass and parses what is missing.

import { bindTag } from '../callgraph/graph.js';
import type { CallGraph } from '../callgraph/graph.js';
import { discoverRoots } from '../callgraph/roots.js';
import { UNTAGGED, type DemandKind, type DemandLog } from '../callgraph/demand-log.js';
import type { Snapshot } from '../workspace/workspace.js';
import { planRoots } from './roots.js';

export interface DemandNeeds {
  /** Ids of the functions the roots reach. */
  reached: Set<string>;
  /** Names looked up for them, by table. */
  keys: Map<DemandKind, Set<string>>;
}

/**
 * The roots a check would replay (named entries, or the table's, and every root found in the hotplug files,
 * replayed or not: whether one reaches the core is itself an answer), plus whatever the log's untagged
 * lookups resolved, closed under the graph's edges.
 */
export function demandNeeds(
  snapshot: Snapshot,
  graph: CallGraph,
  log: DemandLog,
  entries: readonly string[] | undefined,
): DemandNeeds {
  const current = log.current;
  log.current = UNTAGGED;
  const seeds = planRoots(snapshot, graph, entries, !entries).map((r) => r.fn.id);
  if (!entries) for (const found of discoverRoots(snapshot, graph)) seeds.push(found.fn.id);
  log.current = current;
  seeds.push(...log.resolvedUntagged);
  const reached = new Set<string>();
  const pending = [...seeds];
  while (pending.length) {
    const id = pending.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const e of graph.outgoing.get(id) ?? []) if (!reached.has(e.callee)) pending.push(e.callee);
  }
  const tags = new Set<string>([UNTAGGED, ...reached]);
  for (const id of reached) {
    const fn = graph.functions.get(id);
    const facts = fn && snapshot.files.get(fn.file)?.facts;
    if (!facts) continue;
    const index = facts.functions.indexOf(fn.fact);
    for (const call of facts.calls)
      if (call.caller === index && call.kind === 'pointer') tags.add(bindTag(call.callee));
  }
  return { reached, keys: log.keysFor(tags) };
}
