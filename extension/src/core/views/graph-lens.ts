// What part of a call-graph view model the panel shows: paths folded below collapsed functions, the
// neighbourhood of a focused function (N hops of callers and callees, plus expanded nodes), and name search.
// Pure data in, data out; the webview renders the result and the DOT export reuses it.

import type { GraphNodeView, GraphViewModel } from './call-graph.js';

export interface GraphLens {
  /** Node id the view is centred on; absent: every function of the (filtered) model. */
  around?: string;
  /** Hops each way from `around`: callers up, callees down. */
  hops: number;
  /** Nodes whose every caller and callee is shown, whatever the hop bound. */
  expanded: readonly string[];
  /** Nodes whose paths are folded after them: what is reached only through them is hidden. */
  collapsed: readonly string[];
}

export const DEFAULT_HOPS = 2;
export const MAX_HOPS = 12;

/** A shown node's neighbours that the lens hides, and what a collapsed node folds away. */
export interface NodeHidden {
  callers: number;
  callees: number;
  /** Present on a collapsed node that folds something: functions and paths out of sight below it. */
  folded?: { functions: number; paths: number };
}

export interface LensedGraph {
  model: GraphViewModel;
  /** Per shown node id, only for nodes with something hidden. */
  hidden: Map<string, NodeHidden>;
  /** The focused node when it is in the model; absent otherwise (the whole model is shown). */
  around?: string;
}

export function applyLens(model: GraphViewModel, lens: GraphLens): LensedGraph {
  const folded = foldPaths(model, new Set(lens.collapsed));
  const around = lens.around !== undefined && folded.nodes.has(lens.around) ? lens.around : undefined;
  const callers = adjacency(model, folded.edges, 'to');
  const callees = adjacency(model, folded.edges, 'from');
  const shown = around === undefined ? new Set(folded.nodes) : neighbourhood(around, lens, callers, callees);
  const edges = model.edges.filter((e) => folded.edges.has(e.id) && shown.has(e.from) && shown.has(e.to));
  const paths = around === undefined ? model.paths : model.paths.filter((p) => p.nodes.includes(around));
  const hidden = new Map<string, NodeHidden>();
  for (const id of shown) {
    const entry: NodeHidden = {
      callers: countHidden(callers.get(id), shown),
      callees: countHidden(callees.get(id), shown),
    };
    const fold = folded.below.get(id);
    if (fold) {
      const functions = [...fold.functions].filter((f) => !shown.has(f)).length;
      if (functions > 0 || fold.paths > 0) entry.folded = { functions, paths: fold.paths };
    }
    if (entry.callers || entry.callees || entry.folded) hidden.set(id, entry);
  }
  const result: LensedGraph = {
    model: { ...model, nodes: model.nodes.filter((n) => shown.has(n.id)), edges, paths },
    hidden,
  };
  if (around !== undefined) result.around = around;
  return result;
}

/** A lens from untrusted data (a webview message, saved state): anything malformed becomes the default. */
export function lensFrom(value: unknown): GraphLens {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ids = (x: unknown) => (Array.isArray(x) ? x.filter((id): id is string => typeof id === 'string') : []);
  const hops = typeof v.hops === 'number' && Number.isFinite(v.hops) ? v.hops : DEFAULT_HOPS;
  const lens: GraphLens = { hops, expanded: ids(v.expanded), collapsed: ids(v.collapsed) };
  if (typeof v.around === 'string') lens.around = v.around;
  return lens;
}

/** Nodes whose name contains `query` (case-insensitive): exact names first, then prefixes, then by name. */
export function searchNodes(model: GraphViewModel, query: string): GraphNodeView[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const rank = (n: GraphNodeView) => {
    const name = n.name.toLowerCase();
    return name === q ? 0 : name.startsWith(q) ? 1 : 2;
  };
  return model.nodes
    .filter((n) => n.name.toLowerCase().includes(q))
    .sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

interface Folded {
  nodes: Set<string>;
  edges: Set<string>;
  /** Per collapsed node: the functions after it on the paths folded there, and how many paths. */
  below: Map<string, { functions: Set<string>; paths: number }>;
}

/** Each path is cut after its first collapsed node; the model keeps the union of what is left. */
function foldPaths(model: GraphViewModel, collapsed: ReadonlySet<string>): Folded {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const below = new Map<string, { functions: Set<string>; paths: number }>();
  for (const p of model.paths) {
    const cut = p.nodes.findIndex((id) => collapsed.has(id));
    const keep = cut < 0 ? p.nodes.length : cut + 1;
    for (const id of p.nodes.slice(0, keep)) nodes.add(id);
    for (const id of p.edges.slice(0, keep - 1)) edges.add(id);
    if (cut >= 0 && keep < p.nodes.length) {
      const at = p.nodes[cut]!;
      const fold = below.get(at) ?? { functions: new Set<string>(), paths: 0 };
      for (const id of p.nodes.slice(keep)) fold.functions.add(id);
      fold.paths++;
      below.set(at, fold);
    }
  }
  // A model without paths (hand-built, or every path filtered away) still shows its nodes and edges.
  if (model.paths.length === 0) {
    for (const n of model.nodes) nodes.add(n.id);
    for (const e of model.edges) edges.add(e.id);
  }
  return { nodes, edges, below };
}

function adjacency(model: GraphViewModel, edges: ReadonlySet<string>, key: 'from' | 'to'): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of model.edges) {
    if (!edges.has(e.id)) continue;
    const [at, other] = key === 'from' ? [e.from, e.to] : [e.to, e.from];
    const set = out.get(at) ?? new Set<string>();
    set.add(other);
    out.set(at, set);
  }
  return out;
}

function neighbourhood(
  around: string,
  lens: GraphLens,
  callers: ReadonlyMap<string, ReadonlySet<string>>,
  callees: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const shown = new Set([around]);
  const hops = Math.max(0, Math.min(MAX_HOPS, Math.floor(lens.hops)));
  for (const next of [callers, callees]) {
    const seen = new Set([around]);
    let frontier = [around];
    for (let hop = 0; hop < hops && frontier.length; hop++) {
      const reached: string[] = [];
      for (const id of frontier)
        for (const n of next.get(id) ?? []) {
          if (seen.has(n)) continue;
          seen.add(n);
          shown.add(n);
          reached.push(n);
        }
      frontier = reached;
    }
  }
  const expanded = new Set(lens.expanded);
  const queue = [...shown].filter((id) => expanded.has(id));
  while (queue.length) {
    const id = queue.pop()!;
    for (const n of [...(callers.get(id) ?? []), ...(callees.get(id) ?? [])]) {
      if (shown.has(n)) continue;
      shown.add(n);
      if (expanded.has(n)) queue.push(n);
    }
  }
  return shown;
}

function countHidden(neighbours: ReadonlySet<string> | undefined, shown: ReadonlySet<string>): number {
  let count = 0;
  for (const n of neighbours ?? []) if (!shown.has(n)) count++;
  return count;
}
