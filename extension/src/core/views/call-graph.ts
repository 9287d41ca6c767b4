// View model of traced call paths for the call-graph panel, its DOT export and the before/after toggle:
// plain serialisable data (names, places, edge kinds, finding marks). No layout, no editor types.

import type { CallGraph } from '../callgraph/graph.js';
import type { TraceResult } from '../paths/trace.js';
import { type CallStep, type EdgeKind, EDGE_KIND_LABEL } from '../model/call.js';
import type { Finding, Severity } from '../model/finding.js';

export type NodeRole = 'entry' | 'target' | 'inner';
/** Where an element stands in a before/after comparison; absent outside a comparison. */
export type ChangeStatus = 'same' | 'added' | 'removed';

export interface FindingMark {
  ruleId: string;
  severity: Severity;
  count: number;
}

export interface GraphNodeView {
  id: string;
  name: string;
  file: string;
  /** 1-based line of the definition. */
  line: number;
  /** 0-based column of the function's name. */
  column: number;
  roles: NodeRole[];
  findings: FindingMark[];
  /** Worst severity among `findings`. */
  severity?: Severity;
  status?: ChangeStatus;
}

export interface GraphEdgeView {
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  kindLabel: string;
  /** Registering call or ops member (`devm_add_action`, `dev_pagemap_ops.page_free`). */
  via?: string;
  /** The call site: file, 1-based line, 0-based column. */
  file: string;
  line: number;
  column: number;
  /** Locks held across this call on some replayed chain (lock names, sorted); empty when none or not replayed. */
  locks: string[];
  /** Whether the replay reached this call (so `locks` is what it saw); absent when no replay was asked about. */
  replayed?: boolean;
  status?: ChangeStatus;
}

export interface GraphPathView {
  id: string;
  entry: string;
  target: string;
  nodes: string[];
  edges: string[];
  /** Rules with findings on a function of this path. */
  ruleIds: string[];
  status?: ChangeStatus;
}

export interface GraphViewModel {
  nodes: GraphNodeView[];
  edges: GraphEdgeView[];
  paths: GraphPathView[];
  /** Entry and target names present in `paths`, sorted, for the filters. */
  entries: string[];
  targets: string[];
  rules: string[];
  truncated?: string;
}

export interface GraphFilter {
  entry?: string;
  target?: string;
  ruleId?: string;
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** Lock names the simulator saw held at a call site (file, 1-based line, callee name); undefined: never reached. */
export type LocksAtCall = (file: string, line: number, callee: string) => readonly string[] | undefined;

export function buildGraphView(
  graph: CallGraph,
  trace: TraceResult,
  findings: readonly Finding[] = [],
  locksAt?: LocksAtCall,
): GraphViewModel {
  const nodes = new Map<string, GraphNodeView>();
  const edges = new Map<string, GraphEdgeView>();
  const byFunction = groupFindings(findings);
  const node = (id: string): GraphNodeView => {
    let n = nodes.get(id);
    if (!n) {
      const fn = graph.functions.get(id);
      const name = fn?.name ?? id.split('@')[0]!;
      const marks = byFunction.get(name) ?? [];
      n = {
        id,
        name,
        file: fn?.file ?? '',
        line: fn?.line ?? 1,
        column: fn?.fact.nameLoc.column ?? 0,
        roles: [],
        findings: marks,
      };
      const worst = worstSeverity(marks);
      if (worst) n.severity = worst;
      nodes.set(id, n);
    }
    return n;
  };
  const paths: GraphPathView[] = trace.paths.map((p, index) => {
    const pathEdges: string[] = [];
    const ruleIds = new Set<string>();
    for (const step of p.steps) {
      for (const mark of node(step.fn).findings) ruleIds.add(mark.ruleId);
      if (step.edge) pathEdges.push(edgeView(edges, step.edge, graph, locksAt).id);
    }
    addRole(node(p.entry), 'entry');
    addRole(node(p.target), 'target');
    return {
      id: `p${index}`,
      entry: p.entry,
      target: p.target,
      nodes: p.steps.map((s) => s.fn),
      edges: pathEdges,
      ruleIds: [...ruleIds].sort(),
    };
  });
  for (const n of nodes.values()) if (n.roles.length === 0) n.roles.push('inner');
  const model: GraphViewModel = {
    nodes: [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    edges: [...edges.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    paths,
    entries: sortedNames(paths.map((p) => nodes.get(p.entry)!.name)),
    targets: sortedNames(paths.map((p) => nodes.get(p.target)!.name)),
    rules: sortedNames(paths.flatMap((p) => p.ruleIds)),
  };
  if (trace.truncated) model.truncated = trace.truncated.message;
  return model;
}

/** The part of the model on paths that pass the filter (entry and target by function name). */
export function filterGraphView(model: GraphViewModel, filter: GraphFilter): GraphViewModel {
  const names = new Map(model.nodes.map((n) => [n.id, n.name]));
  const paths = model.paths.filter(
    (p) =>
      (!filter.entry || names.get(p.entry) === filter.entry) &&
      (!filter.target || names.get(p.target) === filter.target) &&
      (!filter.ruleId || p.ruleIds.includes(filter.ruleId)),
  );
  const nodeIds = new Set(paths.flatMap((p) => p.nodes));
  const edgeIds = new Set(paths.flatMap((p) => p.edges));
  return {
    ...model,
    paths,
    nodes: model.nodes.filter((n) => nodeIds.has(n.id)),
    edges: model.edges.filter((e) => edgeIds.has(e.id)),
  };
}

/**
 * Marks both models for a before/after view. Elements are matched by names, not ids, because a patch
 * shifts line numbers: a node by function name and file, an edge by caller, callee and kind, a path by
 * its chain of function names. `after` gets `added` marks, `before` gets `removed` marks.
 */
export function compareGraphViews(
  before: GraphViewModel,
  after: GraphViewModel,
): { before: GraphViewModel; after: GraphViewModel } {
  const keys = (m: GraphViewModel) => viewKeys(m);
  const kb = keys(before);
  const ka = keys(after);
  const mark = (
    m: GraphViewModel,
    own: ReturnType<typeof viewKeys>,
    other: ReturnType<typeof viewKeys>,
    missing: ChangeStatus,
  ): GraphViewModel => ({
    ...m,
    nodes: m.nodes.map((n) => ({ ...n, status: other.nodes.has(own.node.get(n.id)!) ? 'same' : missing })),
    edges: m.edges.map((e) => ({ ...e, status: other.edges.has(own.edge.get(e.id)!) ? 'same' : missing })),
    paths: m.paths.map((p) => ({ ...p, status: other.paths.has(own.path.get(p.id)!) ? 'same' : missing })),
  });
  return { before: mark(before, kb, ka, 'removed'), after: mark(after, ka, kb, 'added') };
}

function viewKeys(m: GraphViewModel) {
  const node = new Map(m.nodes.map((n) => [n.id, `${n.name}@${n.file}`]));
  const edge = new Map(m.edges.map((e) => [e.id, `${node.get(e.from)}>${node.get(e.to)}|${e.kind}`]));
  const path = new Map(m.paths.map((p) => [p.id, p.nodes.map((id) => node.get(id)).join('>')]));
  return {
    node,
    edge,
    path,
    nodes: new Set(node.values()),
    edges: new Set(edge.values()),
    paths: new Set(path.values()),
  };
}

function edgeView(
  edges: Map<string, GraphEdgeView>,
  e: CallStep,
  graph: CallGraph,
  locksAt: LocksAtCall | undefined,
): GraphEdgeView {
  const id = `${e.caller}>${e.callee}|${e.kind}`;
  let view = edges.get(id);
  if (!view) {
    const callee = graph.functions.get(e.callee)?.name ?? e.callee.split('@')[0]!;
    const seen = locksAt?.(e.file, e.line, callee);
    const locks = [...new Set(seen ?? [])].sort();
    view = {
      id,
      from: e.caller,
      to: e.callee,
      kind: e.kind,
      kindLabel: EDGE_KIND_LABEL[e.kind],
      file: e.file,
      line: e.line,
      column: e.column,
      locks,
    };
    if (e.via) view.via = e.via;
    if (locksAt) view.replayed = seen !== undefined;
    edges.set(id, view);
  }
  return view;
}

function groupFindings(findings: readonly Finding[]): Map<string, FindingMark[]> {
  const out = new Map<string, Map<string, FindingMark>>();
  for (const f of findings) {
    const marks = out.get(f.function) ?? new Map<string, FindingMark>();
    const mark = marks.get(f.ruleId);
    if (mark) {
      mark.count++;
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[mark.severity]) mark.severity = f.severity;
    } else marks.set(f.ruleId, { ruleId: f.ruleId, severity: f.severity, count: 1 });
    out.set(f.function, marks);
  }
  return new Map(
    [...out].map(([fn, marks]) => [fn, [...marks.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1))]),
  );
}

function worstSeverity(marks: readonly FindingMark[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const m of marks) if (!worst || SEVERITY_RANK[m.severity] > SEVERITY_RANK[worst]) worst = m.severity;
  return worst;
}

function addRole(n: GraphNodeView, role: NodeRole): void {
  if (!n.roles.includes(role)) n.roles.push(role);
}

function sortedNames(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}
