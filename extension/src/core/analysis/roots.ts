// The roots a check replays: the named entries, then the roots found in the review's files (sysfs
// attributes, bus and driver callbacks, exported functions), each with what its callers hold and the zone
// model it starts from.

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import { discoverRoots, exportedNames } from '../callgraph/roots.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS, ENTRY_CONTEXT, ENTRY_START, type EntryStart } from '../kernel/entries.js';
import { FALLBACK_WRAPPERS, LOCK_BY_FN, LOCK_PRIMITIVES } from '../kernel/locks.js';
import { ROOT_CALLER_LOCKS, ROOT_KIND_TEXT, type CallerLock } from '../kernel/roots.js';
import type { RootContext } from '../model/root.js';
import type { Snapshot } from '../workspace/workspace.js';

export interface PlannedRoot {
  fn: FnNode;
  context: RootContext;
  callerLocks: readonly CallerLock[];
  start: EntryStart;
}

/** How far a found root's calls are followed to learn which named entries (and so which start) it leads to. */
const START_SEARCH_DEPTH = 8;

/** Found roots whose reach is followed between two yields of planRootSteps. */
const ROOTS_PER_STEP = 25;

export function planRoots(
  snapshot: Snapshot,
  graph: CallGraph,
  named: readonly string[] | undefined,
  discover: boolean,
): PlannedRoot[] {
  const steps = planRootSteps(snapshot, graph, named, discover);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** planRoots as a generator: it yields after the exports, after finding the roots and every ROOTS_PER_STEP found roots. */
export function* planRootSteps(
  snapshot: Snapshot,
  graph: CallGraph,
  named: readonly string[] | undefined,
  discover: boolean,
): Generator<string, PlannedRoot[]> {
  const exported = exportedNames(snapshot);
  yield 'exports';
  const lockedAway = locksNoExportTakes(exported, (name) => graph.resolver.named(name).length > 0);
  const out: PlannedRoot[] = [];
  const byId = new Map<string, PlannedRoot>();
  for (const name of named ?? DEFAULT_ENTRIES) {
    if (LOCK_BY_FN.has(name)) continue;
    for (const fn of graph.resolver.named(name)) {
      if (byId.has(fn.id)) continue;
      const isExported = exported.has(fn.name);
      const root: PlannedRoot = {
        fn,
        context: {
          name: fn.name,
          kind: 'entry',
          why: isExported ? 'named entry, exported' : 'named entry',
          exported: isExported,
          lockedAwayFromCallers: isExported ? lockedAway : [],
          startModelKnown: true,
        },
        callerLocks: ENTRY_CONTEXT[fn.name] ?? [],
        start: ENTRY_START[fn.name] ?? 'fresh',
      };
      byId.set(fn.id, root);
      out.push(root);
    }
  }
  if (!discover) return out;
  const discovered = discoverRoots(snapshot, graph);
  yield 'roots found';
  let followed = 0;
  for (const found of discovered) {
    if (++followed % ROOTS_PER_STEP === 0) yield `reach of ${followed} found roots`;
    if (byId.has(found.fn.id)) continue;
    const isExported = found.kind === 'export' || exported.has(found.fn.name);
    const reach = reachOf(graph, found.fn);
    // The review replays the ways into the hotplug core; a root that never gets there is someone else's.
    if (!reach.core) continue;
    const start = reach.starts.size === 1 ? [...reach.starts][0] : undefined;
    const root: PlannedRoot = {
      fn: found.fn,
      context: {
        name: found.fn.name,
        kind: found.kind,
        why: `${ROOT_KIND_TEXT[found.kind]} (${found.via})`,
        declaredAt: found.site,
        exported: isExported,
        lockedAwayFromCallers: isExported ? lockedAway : [],
        startModelKnown: start !== undefined,
      },
      callerLocks: ROOT_CALLER_LOCKS[found.kind] ?? [],
      start: start ?? 'fresh',
    };
    byId.set(found.fn.id, root);
    out.push(root);
  }
  return out;
}

const SLEEPING_LOCKS = new Set(['mutex', 'rwsem', 'percpu-rwsem']);

/**
 * Global locks that only unexported functions take: a module calling an exported function cannot hold
 * them. A lock none of whose takers is defined in the tree is not known to be out of reach.
 */
function locksNoExportTakes(exported: ReadonlySet<string>, defined: (name: string) => boolean): string[] {
  const takers = new Map<string, string[]>();
  for (const p of [...LOCK_PRIMITIVES, ...Object.values(FALLBACK_WRAPPERS).flat()]) {
    if (!p.lock || p.op === 'release' || p.lock.includes('.') || !SLEEPING_LOCKS.has(p.cls)) continue;
    takers.set(p.lock, [...(takers.get(p.lock) ?? []), p.fn]);
  }
  return [...takers]
    .filter(([lock, fns]) => fns.some(defined) && !exported.has(lock) && !fns.some((f) => exported.has(f)))
    .map(([lock]) => lock)
    .sort();
}

/**
 * Where a found root's calls lead: the starts of the named entries they reach (its zone-model start when
 * they agree), and whether they reach the hotplug core (a named entry or a target) at all.
 */
function reachOf(graph: CallGraph, fn: FnNode): { starts: Set<EntryStart>; core: boolean } {
  const named = new Set([...DEFAULT_ENTRIES, ...Object.keys(ENTRY_START)]);
  const targets = new Set(DEFAULT_TARGETS);
  const starts = new Set<EntryStart>();
  let core = false;
  const seen = new Set([fn.id]);
  let frontier = [fn.id];
  for (let depth = 0; depth < START_SEARCH_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of graph.outgoing.get(id) ?? []) {
        if (seen.has(edge.callee)) continue;
        seen.add(edge.callee);
        const callee = graph.functions.get(edge.callee);
        if (!callee) continue;
        if (targets.has(callee.name)) core = true;
        if (named.has(callee.name)) {
          core = true;
          starts.add(ENTRY_START[callee.name] ?? 'fresh');
        } else next.push(edge.callee);
      }
    }
    frontier = next;
  }
  return { starts, core };
}
