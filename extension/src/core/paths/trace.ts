// Enumerates simple call paths from entry functions to target functions: bounded by depth and count,
// cycle safe, deterministic, and explicit about which bound cut the search short.

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import type { CallStep, EdgeKind } from '../model/call.js';

export interface PathStep {
  fn: string;
  /** The edge that led here; absent on the entry step. */
  edge?: CallStep;
  /** Further call sites of the same callee in the same caller (lines), folded into this step. */
  alsoAt?: number[];
}

export interface CallPath {
  entry: string;
  target: string;
  steps: PathStep[];
}

export interface TraceOptions {
  from: readonly string[];
  to: readonly string[];
  maxDepth?: number;
  maxPaths?: number;
  edgeKinds?: readonly EdgeKind[];
}

export interface TraceResult {
  paths: CallPath[];
  /** Set when a bound cut the search: which one, and a sentence for the user. */
  truncated?: { bound: 'max-depth' | 'max-paths'; message: string };
  missing: string[];
}

export const DEFAULT_TRACE_EDGES: readonly EdgeKind[] = ['direct', 'registered', 'callback', 'ops'];

export function tracePaths(graph: CallGraph, options: TraceOptions): TraceResult {
  const maxDepth = options.maxDepth ?? 12;
  const maxPaths = options.maxPaths ?? 1000;
  const kinds = new Set(options.edgeKinds ?? DEFAULT_TRACE_EDGES);
  const missing: string[] = [];
  const entries = resolveNames(graph, options.from, missing);
  const targetNames = new Set(options.to);
  for (const t of options.to) if (graph.resolver.named(t).length === 0) missing.push(t);

  const distance = distancesToTargets(graph, targetNames, kinds, maxDepth);
  const paths: CallPath[] = [];
  let truncated: TraceResult['truncated'];
  const onPath = new Set<string>();
  const steps: PathStep[] = [];

  const visit = (fn: FnNode, depth: number): boolean => {
    if (depth > 0 && targetNames.has(fn.name)) {
      if (paths.length >= maxPaths) {
        truncated = { bound: 'max-paths', message: `stopped after ${maxPaths} paths (--max-paths)` };
        return false;
      }
      paths.push({ entry: steps[0]!.fn, target: fn.id, steps: steps.map((s) => ({ ...s })) });
    }
    for (const [callee, edge, alsoAt] of foldedEdges(graph, fn.id, kinds)) {
      const d = distance.get(callee);
      if (d === undefined || onPath.has(callee)) continue;
      if (depth + 1 + d > maxDepth) {
        truncated ??= {
          bound: 'max-depth',
          message: `paths longer than ${maxDepth} calls were not followed (--max-depth)`,
        };
        continue;
      }
      const node = graph.functions.get(callee);
      if (!node) continue;
      onPath.add(callee);
      steps.push(alsoAt.length > 0 ? { fn: callee, edge, alsoAt } : { fn: callee, edge });
      const go = visit(node, depth + 1);
      steps.pop();
      onPath.delete(callee);
      if (!go) return false;
    }
    return true;
  };

  for (const entry of entries) {
    onPath.add(entry.id);
    steps.push({ fn: entry.id });
    const go = visit(entry, 0);
    steps.pop();
    onPath.delete(entry.id);
    if (!go) break;
  }
  const result: TraceResult = { paths, missing: [...new Set(missing)] };
  if (truncated) result.truncated = truncated;
  return result;
}

function resolveNames(graph: CallGraph, names: readonly string[], missing: string[]): FnNode[] {
  const out: FnNode[] = [];
  for (const name of names) {
    const found = graph.resolver.named(name);
    if (found.length > 0) out.push(...found);
    else missing.push(name);
  }
  return out;
}

/** One edge per callee (the first call site), with the other sites' lines. */
function foldedEdges(graph: CallGraph, caller: string, kinds: ReadonlySet<EdgeKind>): [string, CallStep, number[]][] {
  const byCallee = new Map<string, [string, CallStep, number[]]>();
  for (const e of graph.outgoing.get(caller) ?? []) {
    if (!kinds.has(e.kind)) continue;
    const folded = byCallee.get(e.callee);
    if (folded) {
      if (!folded[2].includes(e.line) && folded[1].line !== e.line) folded[2].push(e.line);
    } else byCallee.set(e.callee, [e.callee, e, []]);
  }
  return [...byCallee.values()].sort(
    (a, b) => a[1].line - b[1].line || a[1].column - b[1].column || (a[0] < b[0] ? -1 : 1),
  );
}

/** Shortest number of calls from each function to any target (targets themselves: 0). */
function distancesToTargets(
  graph: CallGraph,
  targets: ReadonlySet<string>,
  kinds: ReadonlySet<EdgeKind>,
  maxDepth: number,
): Map<string, number> {
  const dist = new Map<string, number>();
  let frontier: string[] = [];
  for (const fn of graph.functions.values()) {
    if (targets.has(fn.name)) {
      dist.set(fn.id, 0);
      frontier.push(fn.id);
    }
  }
  for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const e of graph.incoming.get(id) ?? []) {
        if (!kinds.has(e.kind) || dist.has(e.caller)) continue;
        dist.set(e.caller, d);
        next.push(e.caller);
      }
    }
    frontier = next;
  }
  return dist;
}

export function nameOf(graph: CallGraph, id: string): string {
  return graph.functions.get(id)?.name ?? id.split('@')[0]!;
}

/** A path as the analysis spells it: `devm_memremap_pages() -> add_device_memory() -> arch_add_memory()`. */
export function chainText(graph: CallGraph, path: CallPath): string {
  return path.steps.map((s) => `${nameOf(graph, s.fn)}()`).join(' -> ');
}
