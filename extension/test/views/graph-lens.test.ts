// The panel's lens over a graph view model: focus with N hops each way, expanded nodes, paths folded
// below collapsed nodes, name search, and lenses read from untrusted messages. Exact node sets throughout.

import { describe, expect, it } from 'vitest';
import type { GraphEdgeView, GraphNodeView, GraphViewModel } from '../../src/core/views/call-graph.js';
import { applyLens, lensFrom, searchNodes, type GraphLens } from '../../src/core/views/graph-lens.js';

/** A model from paths written as function names; node ids are the names, edge ids as call-graph.ts makes them. */
function model(...paths: string[][]): GraphViewModel {
  const nodes = new Map<string, GraphNodeView>();
  const edges = new Map<string, GraphEdgeView>();
  for (const p of paths)
    p.forEach((name, i) => {
      nodes.set(name, { id: name, name, file: 'mm/x.c', line: i + 1, column: 0, roles: [], findings: [] });
      if (i > 0) {
        const id = `${p[i - 1]}>${name}|direct`;
        edges.set(id, {
          id,
          from: p[i - 1]!,
          to: name,
          kind: 'direct',
          kindLabel: 'direct call',
          file: 'mm/x.c',
          line: 1,
          column: 0,
          locks: [],
        });
      }
    });
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    paths: paths.map((p, i) => ({
      id: `p${i}`,
      entry: p[0]!,
      target: p.at(-1)!,
      nodes: p,
      edges: p.slice(1).map((name, j) => `${p[j]}>${name}|direct`),
      ruleIds: [],
    })),
    entries: [],
    targets: [],
    rules: [],
  };
}

// Two entries share A; A reaches T1 through B and C, T2 through B; E2 also reaches T2 through D.
const shared = model(['E1', 'A', 'B', 'T1'], ['E1', 'A', 'C', 'T1'], ['E2', 'A', 'B', 'T2'], ['E2', 'D', 'T2']);

const lens = (over: Partial<GraphLens>): GraphLens => ({ hops: 2, expanded: [], collapsed: [], ...over });
const ids = (m: GraphViewModel) => m.nodes.map((n) => n.id).sort();
const edgeIds = (m: GraphViewModel) => m.edges.map((e) => e.id).sort();

describe('focus on a function', () => {
  it('shows the function alone at 0 hops, with how many callers and callees it hides', () => {
    const out = applyLens(shared, lens({ around: 'A', hops: 0 }));
    expect(ids(out.model)).toEqual(['A']);
    expect(out.model.edges).toEqual([]);
    expect(out.around).toBe('A');
    expect([...out.hidden]).toEqual([['A', { callers: 2, callees: 2 }]]);
  });

  it('adds one ring of callers and callees per hop', () => {
    const one = applyLens(shared, lens({ around: 'A', hops: 1 }));
    expect(ids(one.model)).toEqual(['A', 'B', 'C', 'E1', 'E2']);
    expect(edgeIds(one.model)).toEqual(['A>B|direct', 'A>C|direct', 'E1>A|direct', 'E2>A|direct']);
    expect(Object.fromEntries(one.hidden)).toEqual({
      B: { callers: 0, callees: 2 },
      C: { callers: 0, callees: 1 },
      E2: { callers: 0, callees: 1 },
    });
    const two = applyLens(shared, lens({ around: 'A', hops: 2 }));
    expect(ids(two.model)).toEqual(['A', 'B', 'C', 'E1', 'E2', 'T1', 'T2']);
    // D is no callee of a callee of A, though E2 calls it: the caller side does not turn around.
    expect(Object.fromEntries(two.hidden)).toEqual({
      E2: { callers: 0, callees: 1 },
      T2: { callers: 1, callees: 0 },
    });
    // Only the paths through the focused function count.
    expect(two.model.paths.map((p) => p.id)).toEqual(['p0', 'p1', 'p2']);
  });

  it('walks callees through a function already shown as a caller', () => {
    const cycle = model(['A', 'P', 'Q'], ['P', 'A']);
    expect(ids(applyLens(cycle, lens({ around: 'A', hops: 2 })).model)).toEqual(['A', 'P', 'Q']);
    expect(ids(applyLens(cycle, lens({ around: 'A', hops: 1 })).model)).toEqual(['A', 'P']);
  });

  it('shows every neighbour of an expanded node, and of expanded nodes that brings in', () => {
    expect(ids(applyLens(shared, lens({ around: 'A', hops: 1, expanded: ['B'] })).model)).toEqual([
      'A',
      'B',
      'C',
      'E1',
      'E2',
      'T1',
      'T2',
    ]);
    expect(ids(applyLens(shared, lens({ around: 'A', hops: 1, expanded: ['B', 'T2'] })).model)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E1',
      'E2',
      'T1',
      'T2',
    ]);
    // An expanded node out of sight expands nothing.
    expect(ids(applyLens(shared, lens({ around: 'A', hops: 1, expanded: ['D'] })).model)).toEqual([
      'A',
      'B',
      'C',
      'E1',
      'E2',
    ]);
  });

  it('shows the whole model when nothing, or an unknown node, is focused', () => {
    for (const around of [undefined, 'nowhere']) {
      const out = applyLens(shared, lens(around ? { around } : {}));
      expect(ids(out.model)).toEqual(['A', 'B', 'C', 'D', 'E1', 'E2', 'T1', 'T2']);
      expect(out.model.edges).toHaveLength(9);
      expect(out.around).toBeUndefined();
      expect(out.hidden.size).toBe(0);
    }
  });

  it('bounds the hops', () => {
    expect(ids(applyLens(shared, lens({ around: 'A', hops: -3 })).model)).toEqual(['A']);
    expect(ids(applyLens(shared, lens({ around: 'T1', hops: 1e9 })).model)).toEqual(['A', 'B', 'C', 'E1', 'E2', 'T1']);
  });
});

describe('folding the paths below a collapsed node', () => {
  it('cuts every path after its first collapsed node and says what is folded there', () => {
    const out = applyLens(shared, lens({ collapsed: ['A'] }));
    expect(ids(out.model)).toEqual(['A', 'D', 'E1', 'E2', 'T2']);
    expect(edgeIds(out.model)).toEqual(['D>T2|direct', 'E1>A|direct', 'E2>A|direct', 'E2>D|direct']);
    // T2 stays in sight through D, so A folds B, C and T1 on three paths.
    expect(Object.fromEntries(out.hidden)).toEqual({
      A: { callers: 0, callees: 0, folded: { functions: 3, paths: 3 } },
    });
  });

  it('combines with a focus: neighbours are counted in the folded graph', () => {
    const out = applyLens(shared, lens({ around: 'A', hops: 2, collapsed: ['B'] }));
    expect(ids(out.model)).toEqual(['A', 'B', 'C', 'E1', 'E2', 'T1']);
    expect(Object.fromEntries(out.hidden)).toEqual({
      B: { callers: 0, callees: 0, folded: { functions: 1, paths: 2 } },
      E2: { callers: 0, callees: 1 },
    });
  });

  it('folds nothing at a target, the last node of its paths', () => {
    const out = applyLens(shared, lens({ collapsed: ['T1'] }));
    expect(ids(out.model)).toEqual(['A', 'B', 'C', 'D', 'E1', 'E2', 'T1', 'T2']);
    expect(out.hidden.size).toBe(0);
  });
});

describe('search', () => {
  const names = model(['add_memory', '__add_pages', 'add_pages', 'arch_add_memory', 'pagemap_range']);

  it('finds names containing the query, exact name first, then prefixes, then by name', () => {
    expect(searchNodes(names, 'add_pages').map((n) => n.name)).toEqual(['add_pages', '__add_pages']);
    expect(searchNodes(names, ' ADD ').map((n) => n.name)).toEqual([
      'add_memory',
      'add_pages',
      '__add_pages',
      'arch_add_memory',
    ]);
    expect(searchNodes(names, 'pagemap_range').map((n) => n.name)).toEqual(['pagemap_range']);
  });

  it('finds nothing for an empty query or an absent name', () => {
    expect(searchNodes(names, '  ')).toEqual([]);
    expect(searchNodes(names, 'kasan')).toEqual([]);
  });
});

describe('lenses from messages', () => {
  it('keeps the well-formed parts and defaults the rest', () => {
    expect(lensFrom({ around: 'A', hops: 3, expanded: ['B', 7], collapsed: 'C' })).toEqual({
      around: 'A',
      hops: 3,
      expanded: ['B'],
      collapsed: [],
    });
    expect(lensFrom(null)).toEqual({ hops: 2, expanded: [], collapsed: [] });
    expect(lensFrom({ hops: Number.NaN, around: 5 })).toEqual({ hops: 2, expanded: [], collapsed: [] });
  });
});
