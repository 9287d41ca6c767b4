// Builds the call graph of a snapshot: direct calls, registered callbacks, ops-table dispatch (matched
// by struct type, never by member name alone) and other address-taken functions.

import type { FileFacts, FunctionFact } from '../syntax/facts.js';
import type { CallStep, EdgeKind } from '../model/call.js';
import type { PlaceNote } from '../model/location.js';
import type { Snapshot } from '../workspace/workspace.js';
import { CALLBACK_INVOKERS, REGISTRARS } from '../kernel/callbacks.js';
import type { KernelConfig } from '../kernel/config.js';
import { DefinitionResolver, type FnNode } from './definitions.js';
import { TypeTable } from './types.js';
import { UNTAGGED, type DemandLog } from './demand-log.js';

export interface CallGraph {
  readonly functions: ReadonlyMap<string, FnNode>;
  readonly outgoing: ReadonlyMap<string, readonly CallStep[]>;
  readonly incoming: ReadonlyMap<string, readonly CallStep[]>;
  readonly resolver: DefinitionResolver;
  readonly notes: readonly PlaceNote[];
  readonly stats: { functions: number; edges: Record<EdgeKind, number>; unresolvedPointerCalls: number };
}

/** `log`, when given, records each lookup under the function whose edges it builds (see demand-log.ts). */
export function buildCallGraph(snapshot: Snapshot, config: KernelConfig, log?: DemandLog): CallGraph {
  const steps = callGraphSteps(snapshot, config, log);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Files linked between two yields of callGraphSteps. */
const FILES_PER_STEP = 200;

/**
 * buildCallGraph as a generator, for hosts that pause between slices: it yields after the definitions, after
 * the type and ops tables and after every FILES_PER_STEP files linked. The graph is the one buildCallGraph returns.
 */
export function* callGraphSteps(
  snapshot: Snapshot,
  config: KernelConfig,
  log?: DemandLog,
): Generator<string, CallGraph> {
  const resolver = yield* DefinitionResolver.steps(snapshot, config, FILES_PER_STEP * 2, log);
  yield 'definitions';
  const types = new TypeTable(snapshot, log);
  const opsTargets = collectOpsBindings(snapshot, types, resolver, log);
  yield 'ops tables';
  const links = new Map<string, FileLinks>();
  let linked = 0;
  for (const file of snapshot.files.values()) {
    if (++linked % FILES_PER_STEP === 0) yield `calls of ${linked} files`;
    links.set(file.path, linkFile(file.facts, resolver, types, opsTargets, log));
  }
  if (log) log.current = UNTAGGED;
  yield 'calls linked';
  const graph = assemble(snapshot, resolver, links);
  if (!log) linkStates.set(graph, { links, types, opsTargets, resolved: resolver.linkState() });
  return graph;
}

/** The edges one file's calls and function references make, in the order they were linked. */
export interface FileLinks {
  readonly edges: readonly CallStep[];
  readonly unresolvedPointerCalls: number;
}

/** What a graph's build knew once every file was linked, kept so the graph can be brought up to date (graph-update.ts). */
export interface LinkState {
  readonly links: ReadonlyMap<string, FileLinks>;
  readonly types: TypeTable;
  readonly opsTargets: ReadonlyMap<string, readonly string[]>;
  readonly resolved: ReturnType<DefinitionResolver['linkState']>;
}

const linkStates = new WeakMap<CallGraph, LinkState>();

/** The link state of a graph built without a demand log (the only builds that can be brought up to date). */
export function linkStateOf(graph: CallGraph): LinkState | undefined {
  return linkStates.get(graph);
}

export function rememberLinkState(graph: CallGraph, state: LinkState): void {
  linkStates.set(graph, state);
}

/** The edges of one file's calls and function references, deduplicated, in link order. */
export function linkFile(
  facts: FileFacts,
  resolver: DefinitionResolver,
  types: TypeTable,
  opsTargets: ReadonlyMap<string, readonly string[]>,
  log: DemandLog | undefined,
): FileLinks {
  const edges: CallStep[] = [];
  const seen = new Set<string>();
  let unresolvedPointerCalls = 0;
  const add = (edge: CallStep) => {
    const key = `${edge.kind}|${edge.caller}|${edge.callee}|${edge.line}|${edge.column}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push(edge);
  };
  const callerIds = facts.functions.map((f: FunctionFact) => resolver.idOf(facts.path, f));
  for (const call of facts.calls) {
    const caller = callerIds[call.caller];
    if (!caller) continue;
    if (log) log.current = caller;
    if (call.kind === 'direct') {
      const callee = resolver.resolve(call.callee, facts.path);
      if (callee)
        add({
          kind: 'direct',
          caller,
          callee: callee.id,
          file: facts.path,
          line: call.loc.line,
          column: call.loc.column,
        });
      continue;
    }
    const owner = call.receiver ? types.structOf(call.receiver, facts.path) : undefined;
    if (owner) log?.note('bind', call.callee);
    const targets = owner ? opsTargets.get(`${owner}.${call.callee}`) : undefined;
    if (!targets) {
      unresolvedPointerCalls++;
      continue;
    }
    for (const callee of targets) {
      add({
        kind: 'ops',
        caller,
        callee,
        file: facts.path,
        line: call.loc.line,
        column: call.loc.column,
        via: `${owner}.${call.callee}`,
      });
    }
  }
  for (const ref of facts.functionRefs) {
    const caller = ref.caller >= 0 ? callerIds[ref.caller] : undefined;
    if (!caller) continue;
    if (log) log.current = caller;
    const callee = resolver.resolve(ref.fn, facts.path);
    if (!callee) continue;
    const kind: EdgeKind = REGISTRARS.has(ref.via)
      ? 'registered'
      : CALLBACK_INVOKERS.has(ref.via)
        ? 'callback'
        : 'address';
    const edge: CallStep = {
      kind,
      caller,
      callee: callee.id,
      file: facts.path,
      line: ref.loc.line,
      column: ref.loc.column,
    };
    if (ref.via) edge.via = ref.via;
    add(edge);
  }
  return { edges, unresolvedPointerCalls };
}

/** The graph of linked files: edges added file by file in snapshot order, each list sorted by place. */
export function assemble(
  snapshot: Snapshot,
  resolver: DefinitionResolver,
  links: ReadonlyMap<string, FileLinks>,
): CallGraph {
  const outgoing = new Map<string, CallStep[]>();
  const incoming = new Map<string, CallStep[]>();
  const stats = {
    functions: resolver.all.size,
    edges: { direct: 0, registered: 0, callback: 0, ops: 0, address: 0 },
    unresolvedPointerCalls: 0,
  };
  for (const path of snapshot.files.keys()) {
    const file = links.get(path);
    if (!file) continue;
    stats.unresolvedPointerCalls += file.unresolvedPointerCalls;
    for (const edge of file.edges) {
      push(outgoing, edge.caller, edge);
      push(incoming, edge.callee, edge);
      stats.edges[edge.kind]++;
    }
  }
  for (const list of outgoing.values()) list.sort(compareEdges);
  for (const list of incoming.values()) list.sort(compareEdges);
  return { functions: resolver.all, outgoing, incoming, resolver, notes: resolver.notes, stats };
}

/** `struct.field` -> function ids bound to it anywhere in the snapshot. */
function collectOpsBindings(
  snapshot: Snapshot,
  types: TypeTable,
  resolver: DefinitionResolver,
  log: DemandLog | undefined,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of snapshot.files.values()) {
    for (const b of file.facts.opsBindings) {
      if (log) log.current = bindTag(b.field);
      const [base, ...nested] = b.structType?.split('.') ?? [];
      const owner =
        base !== undefined
          ? types.structOfPath(base, nested)
          : b.receiver
            ? types.structOf(b.receiver, file.path)
            : undefined;
      if (!owner) continue;
      const fn = resolver.resolve(b.fn, file.path);
      if (!fn) continue;
      const key = `${owner}.${b.field}`;
      const list = out.get(key) ?? [];
      if (!list.includes(fn.id)) list.push(fn.id);
      out.set(key, list);
    }
  }
  if (log) log.current = UNTAGGED;
  for (const list of out.values()) list.sort();
  return out;
}

/** The log's tag for the lookups that resolve the ops bindings of one member name. */
export function bindTag(field: string): string {
  return `bind:${field}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compareEdges(a: CallStep, b: CallStep): number {
  return a.file === b.file
    ? a.line - b.line || a.column - b.column || (a.callee < b.callee ? -1 : 1)
    : a.file < b.file
      ? -1
      : 1;
}
