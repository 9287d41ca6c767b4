// The roots a check replays: the named entries, then the roots found in the review's files (sysfs
// attributes, bus and driver callbacks, exported functions), each with what its callers hold and the zone
// model it starts from.

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import { discoverRoots, exportedNames, hotplugContractFunctions } from '../callgraph/roots.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS, ENTRY_CONTEXT, ENTRY_START, type EntryStart } from '../kernel/entries.js';
import { FALLBACK_WRAPPERS, LOCK_BY_FN, LOCK_PRIMITIVES } from '../kernel/locks.js';
import { ROOT_CALLER_LOCKS, ROOT_FILES, ROOT_KIND_TEXT, type CallerLock, type RootKind } from '../kernel/roots.js';
import { SETUP_PAIRS } from '../kernel/setup-pairs.js';
import { MODEL_BINDINGS, TEARDOWN_OF_KIND } from '../kernel/model-bindings.js';
import type { RootContext } from '../model/root.js';
import { ObjectBindings } from '../callgraph/objects.js';
import { TypeTable } from '../callgraph/types.js';
import { kernfsActiveLock } from '../kernel/waits.js';
import { NUMBER_PARSERS, USER_TEXT_PARAM } from '../kernel/user-input.js';
import type { Snapshot } from '../workspace/workspace.js';

export interface PlannedRoot {
  fn: FnNode;
  context: RootContext;
  callerLocks: readonly CallerLock[];
  start: EntryStart;
  /** Enter only these callees (function ids): the root's ways to the contracts it is replayed for. */
  descendOnly?: ReadonlySet<string>;
}

/** How far a found root's calls are followed to learn which named entries (and so which start) it leads to. */
const START_SEARCH_DEPTH = 8;

/**
 * How many calls long a way from a found root to a lock contract of the hotplug files may be for the root to
 * be replayed along it (a sysfs store to find_memory_block_by_id() through memory-failure code: 5).
 */
const CONTRACT_PATH_DEPTH = 6;

/** Found roots whose reach is followed between two yields of planRootSteps. */
const ROOTS_PER_STEP = 25;

export function planRoots(
  snapshot: Snapshot,
  graph: CallGraph,
  named: readonly string[] | undefined,
  discover: boolean,
  types: TypeTable = new TypeTable(snapshot),
): PlannedRoot[] {
  const steps = planRootSteps(snapshot, graph, named, discover, types);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * planRoots as a generator: it yields after the exports, the locks no export takes, the named entries, the object
 * bindings, after finding the roots and every ROOTS_PER_STEP found roots.
 */
export function* planRootSteps(
  snapshot: Snapshot,
  graph: CallGraph,
  named: readonly string[] | undefined,
  discover: boolean,
  types: TypeTable = new TypeTable(snapshot),
): Generator<string, PlannedRoot[]> {
  const exported = exportedNames(snapshot);
  yield 'exports';
  const lockedAway = locksNoExportTakes(exported, (name) => graph.resolver.named(name).length > 0);
  yield 'locks no export takes';
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
  yield 'named entries';
  const objects = new ObjectBindings(snapshot, types);
  yield 'object bindings';
  const discovered = discoverRoots(snapshot, graph);
  yield 'roots found';
  const contractIds = new Set(hotplugContractFunctions(graph).map((f) => f.id));
  let followed = 0;
  for (const found of discovered) {
    if (++followed % ROOTS_PER_STEP === 0) yield `reach of ${followed} found roots`;
    if (byId.has(found.fn.id)) continue;
    const isExported = found.kind === 'export' || exported.has(found.fn.name);
    const reach = reachOf(graph, found.fn, contractIds);
    // The review replays the ways into the hotplug core; a root that never gets there is someone else's,
    // but for what its own body does with a number the user wrote (a pfn handed to a memmap reader), and
    // for the lock contracts of the hotplug files it reaches (only along its ways to them).
    if (!reach.core) {
      const userInput = parsesUserNumber(snapshot, found.fn, found.kind);
      const contracts = reach.toContracts.size > 0 && ROOT_CALLER_LOCKS[found.kind] !== undefined;
      if (!userInput && !contracts) continue;
      const what = [
        ...(userInput ? ["the number it parses from the user's text"] : []),
        ...(contracts ? ['the lock contracts of the hotplug files it reaches'] : []),
      ].join(' and ');
      const root: PlannedRoot = {
        fn: found.fn,
        context: {
          name: found.fn.name,
          kind: found.kind,
          why: `${ROOT_KIND_TEXT[found.kind]} (${found.via}): replayed ${contracts ? 'along its ways to those contracts' : 'through its own body'} for ${what} only`,
          declaredAt: found.site,
          exported: isExported,
          lockedAwayFromCallers: [],
          startModelKnown: false,
          ...(userInput ? { userInputOnly: true as const } : {}),
          ...(contracts ? { contractsOnly: true as const } : {}),
        },
        callerLocks: contracts ? [...(ROOT_CALLER_LOCKS[found.kind] ?? []), ...kernfsActive(found, objects)] : [],
        start: 'fresh',
        ...(contracts ? { descendOnly: reach.toContracts } : {}),
      };
      byId.set(found.fn.id, root);
      out.push(root);
      continue;
    }
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
      callerLocks: [...(ROOT_CALLER_LOCKS[found.kind] ?? []), ...kernfsActive(found, objects)],
      start: start ?? 'fresh',
    };
    byId.set(found.fn.id, root);
    out.push(root);
  }
  for (const { fn, why } of [...setupOwners(snapshot, graph), ...selfUndoingSetups(snapshot, graph)]) {
    if (byId.has(fn.id)) continue;
    const isExported = exported.has(fn.name);
    const root: PlannedRoot = {
      fn,
      context: {
        name: fn.name,
        kind: 'setup-owner',
        why,
        exported: isExported,
        lockedAwayFromCallers: [],
        startModelKnown: false,
        ownSetupsOnly: true,
      },
      callerLocks: [],
      start: 'fresh',
    };
    byId.set(fn.id, root);
    out.push(root);
  }
  return out;
}

/** A root whose own body parses a number out of the text the user handed it (USER_TEXT_PARAM). */
function parsesUserNumber(snapshot: Snapshot, fn: FnNode, kind: RootKind): boolean {
  const param = USER_TEXT_PARAM[kind];
  const text = param === undefined ? undefined : fn.fact.params[param]?.name;
  const facts = snapshot.files.get(fn.file)?.facts;
  if (!text || !facts) return false;
  return facts.calls.some((c) => {
    const parser = NUMBER_PARSERS[c.callee];
    return !!parser && facts.functions[c.caller] === fn.fact && c.args[parser.text]?.trim() === text;
  });
}

/** Functions of the hotplug files whose own body takes a setup pair's object or state. */
function setupOwners(snapshot: Snapshot, graph: CallGraph): { fn: FnNode; why: string }[] {
  const out: { fn: FnNode; why: string }[] = [];
  for (const file of snapshot.files.values()) {
    if (!ROOT_FILES.some((re) => re.test(file.path))) continue;
    const seen = new Set<string>();
    for (const c of file.facts.calls) {
      const owner = file.facts.functions[c.caller];
      if (!owner || !(c.callee in SETUP_PAIRS) || seen.has(owner.name)) continue;
      seen.add(owner.name);
      const fn = graph.resolver.resolve(owner.name, file.path);
      if (fn && fn.file === file.path && fn.enabled !== false)
        out.push({ fn, why: `takes ${c.callee}() in its own body: replayed for its setup pairs only` });
    }
  }
  return out;
}

/**
 * Setups of the model bindings whose own body calls their teardown (a failure part-way undone): the range
 * they give it is judged on their body, wherever they are defined.
 */
function selfUndoingSetups(snapshot: Snapshot, graph: CallGraph): { fn: FnNode; why: string }[] {
  const out: { fn: FnNode; why: string }[] = [];
  for (const [name, effect] of Object.entries(MODEL_BINDINGS)) {
    const teardown = TEARDOWN_OF_KIND[effect.kind]?.teardown;
    if (!teardown) continue;
    for (const fn of graph.resolver.named(name)) {
      const facts = snapshot.files.get(fn.file)?.facts;
      const index = facts ? facts.functions.indexOf(fn.fact) : -1;
      const undo = facts?.calls.find((c) => c.caller === index && MODEL_BINDINGS[c.callee]?.kind === teardown);
      if (undo)
        out.push({ fn, why: `undoes itself with ${undo.callee}() when it fails: replayed for that teardown only` });
    }
  }
  return out;
}

/**
 * A sysfs callback runs holding the kernfs active reference of its attribute: a pseudo-lock of the object
 * whose attributes they are, when the tree says which object that is.
 */
function kernfsActive(found: ReturnType<typeof discoverRoots>[number], objects: ObjectBindings): CallerLock[] {
  if ((found.kind !== 'sysfs-store' && found.kind !== 'sysfs-show') || !found.macro?.args[0]) return [];
  const owner = objects.attributeOwner(found.macro.macro, found.macro.args[0]);
  if (!owner) return [];
  return [
    {
      lock: kernfsActiveLock(owner),
      cls: 'kernfs-active',
      why: `kernfs holds the active reference of ${found.via}, an attribute of ${owner}`,
    },
  ];
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
 * they agree), and whether they reach the hotplug core (a named entry, a target, or a function of the
 * hotplug files that states a lock contract) at all.
 */
function reachOf(
  graph: CallGraph,
  fn: FnNode,
  contractIds: ReadonlySet<string>,
): { starts: Set<EntryStart>; core: boolean; toContracts: Set<string> } {
  const named = new Set([...DEFAULT_ENTRIES, ...Object.keys(ENTRY_START)]);
  const targets = new Set(DEFAULT_TARGETS);
  const starts = new Set<EntryStart>();
  let core = false;
  const contracts: string[] = [];
  const seen = new Set([fn.id]);
  const depthOf = new Map([[fn.id, 0]]);
  let frontier = [fn.id];
  for (let depth = 0; depth < START_SEARCH_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of graph.outgoing.get(id) ?? []) {
        if (seen.has(edge.callee)) continue;
        seen.add(edge.callee);
        depthOf.set(edge.callee, depth + 1);
        const callee = graph.functions.get(edge.callee);
        if (!callee) continue;
        if (targets.has(callee.name)) core = true;
        if (contractIds.has(callee.id)) contracts.push(callee.id);
        if (named.has(callee.name)) {
          core = true;
          starts.add(ENTRY_START[callee.name] ?? 'fresh');
        } else next.push(edge.callee);
      }
    }
    frontier = next;
  }
  // The functions on the short ways to the contracts reached (CONTRACT_PATH_DEPTH calls): back from them,
  // keeping a caller only when its depth from the root plus its distance to a contract fits.
  const toContracts = new Set<string>();
  let back = contracts;
  for (let dist = 1; dist <= CONTRACT_PATH_DEPTH && back.length; dist++) {
    const next: string[] = [];
    for (const id of back)
      for (const edge of graph.incoming.get(id) ?? []) {
        const d = depthOf.get(edge.caller);
        if (edge.kind === 'address' || d === undefined || d + dist > CONTRACT_PATH_DEPTH) continue;
        if (toContracts.has(edge.caller)) continue;
        toContracts.add(edge.caller);
        next.push(edge.caller);
      }
    back = next;
  }
  return { starts, core, toContracts };
}
