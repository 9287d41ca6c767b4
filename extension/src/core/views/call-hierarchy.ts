// Call-hierarchy answers from the call graph: which function a word at a place names, and its incoming
// and outgoing calls grouped per function (callback and ops edges included, each site with its kind).

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import { EDGE_KIND_LABEL, type CallStep } from '../model/call.js';

/** One call site of a hierarchy item: the place and edge kind of a call record. */
export type CallSite = Pick<CallStep, 'file' | 'line' | 'column' | 'kind' | 'via'>;

export interface HierarchyCalls {
  fn: FnNode;
  sites: CallSite[];
}

/**
 * The function `word` names at `file:line`: its own definition there, the callee of an edge on that
 * line, or the definition the name resolves to from this file.
 */
export function functionAt(graph: CallGraph, file: string, line: number, word: string): FnNode | undefined {
  let enclosing: FnNode | undefined;
  for (const fn of graph.functions.values()) {
    if (fn.file !== file) continue;
    if (fn.name === word && fn.fact.nameLoc.line === line) return fn;
    if (fn.line <= line && line <= fn.endLine && (!enclosing || fn.line >= enclosing.line)) enclosing = fn;
  }
  if (enclosing) {
    const edge = (graph.outgoing.get(enclosing.id) ?? []).find(
      (e) => e.line === line && graph.functions.get(e.callee)?.name === word,
    );
    if (edge) return graph.functions.get(edge.callee);
  }
  return graph.resolver.resolve(word, file);
}

/** The detail line of a hierarchy item: linkage and place of the definition. */
export function functionDetail(fn: FnNode): string {
  return `${fn.fact.isStatic ? 'static · ' : ''}${fn.file}:${fn.line}`;
}

/** The edge kinds of the sites that are not direct calls (callback, ops table...), for an item's detail. */
export function callSiteDetail(sites: readonly CallSite[]): string | undefined {
  const kinds = [
    ...new Set(
      sites.filter((s) => s.kind !== 'direct').map((s) => `${EDGE_KIND_LABEL[s.kind]}${s.via ? ` (${s.via})` : ''}`),
    ),
  ];
  return kinds.length ? kinds.join(', ') : undefined;
}

export function incomingCalls(graph: CallGraph, id: string): HierarchyCalls[] {
  return group(graph, graph.incoming.get(id) ?? [], (e) => e.caller);
}

export function outgoingCalls(graph: CallGraph, id: string): HierarchyCalls[] {
  return group(graph, graph.outgoing.get(id) ?? [], (e) => e.callee);
}

function group(graph: CallGraph, edges: readonly CallStep[], other: (e: CallStep) => string): HierarchyCalls[] {
  const out = new Map<string, HierarchyCalls>();
  for (const e of edges) {
    const fn = graph.functions.get(other(e));
    if (!fn) continue;
    const entry = out.get(fn.id) ?? { fn, sites: [] };
    const site: CallSite = { file: e.file, line: e.line, column: e.column, kind: e.kind };
    if (e.via) site.via = e.via;
    entry.sites.push(site);
    out.set(fn.id, entry);
  }
  return [...out.values()];
}
