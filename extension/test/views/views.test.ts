// View models over a small in-memory tree: graph view (roles, edge kinds, finding marks, filters,
// before/after), its DOT text, the path tree and the call-hierarchy answers.

import { describe, expect, it } from 'vitest';
import { tracePaths } from '../../src/core/paths/trace.js';
import { buildGraphView, compareGraphViews, filterGraphView } from '../../src/core/views/call-graph.js';
import { graphViewDot } from '../../src/core/views/graph-dot.js';
import { buildPathTree } from '../../src/core/views/path-tree.js';
import { functionAt, incomingCalls, outgoingCalls } from '../../src/core/views/call-hierarchy.js';
import { lines } from '../syntax/parse.js';
import { inlineTree } from '../callgraph/tree.js';
import type { Finding } from '../../src/core/model/finding.js';

const before = {
  'mm/memory_hotplug.c': lines(
    'int add_pages(int nid) { return 0; }', // 1
    'void move_pfn_range_to_zone(int z) { }', // 2
    'static void release(void *data)', // 3
    '{', // 4
    '\tadd_pages(2);', // 5
    '}', // 6
    'int entry_a(int nid)', // 7
    '{', // 8
    '\tadd_pages(nid);', // 9
    '\tdevm_add_action(dev, release, NULL);', // 10
    '\treturn 0;', // 11
    '}', // 12
    'int entry_b(int nid)', // 13
    '{', // 14
    '\tmove_pfn_range_to_zone(nid);', // 15
    '\treturn add_pages(nid);', // 16
    '}', // 17
  ),
};

async function traced(files: Record<string, string>) {
  const { graph } = await inlineTree(files);
  const trace = tracePaths(graph, { from: ['entry_a', 'entry_b'], to: ['add_pages', 'move_pfn_range_to_zone'] });
  return { graph, trace };
}

function finding(fn: string, ruleId: string, severity: Finding['severity']): Finding {
  return {
    ruleId,
    severity,
    messageId: 'm',
    message: 'msg',
    function: fn,
    entry: 'entry_a',
    chain: [],
    locks: [],
    related: [],
    scenario: 's',
    fingerprint: `${ruleId}|${fn}`,
    location: { file: 'mm/memory_hotplug.c', line: 9, column: 1 },
  };
}

describe('graph view model', () => {
  it('lists every traced path with its nodes, edge kinds and call sites', async () => {
    const { graph, trace } = await traced(before);
    const view = buildGraphView(graph, trace);
    expect(view.paths.map((p) => p.nodes.map((id) => id.split('@')[0]).join('>'))).toEqual([
      'entry_a>add_pages',
      'entry_a>release>add_pages',
      'entry_b>move_pfn_range_to_zone',
      'entry_b>add_pages',
    ]);
    expect(
      view.edges.map(
        (e) =>
          `${e.from.split('@')[0]}>${e.to.split('@')[0]} ${e.kind} ${e.file}:${e.line}:${e.column}${e.via ? ` via ${e.via}` : ''}`,
      ),
    ).toEqual([
      'entry_a>add_pages direct mm/memory_hotplug.c:9:1',
      'entry_a>release registered mm/memory_hotplug.c:10:22 via devm_add_action',
      'entry_b>add_pages direct mm/memory_hotplug.c:16:8',
      'entry_b>move_pfn_range_to_zone direct mm/memory_hotplug.c:15:1',
      'release>add_pages direct mm/memory_hotplug.c:5:1',
    ]);
    expect(view.nodes.map((n) => `${n.name} ${n.roles.join('+')} ${n.file}:${n.line}:${n.column}`)).toEqual([
      'add_pages target mm/memory_hotplug.c:1:4',
      'entry_a entry mm/memory_hotplug.c:7:4',
      'entry_b entry mm/memory_hotplug.c:13:4',
      'move_pfn_range_to_zone target mm/memory_hotplug.c:2:5',
      'release inner mm/memory_hotplug.c:3:12',
    ]);
    expect(view.entries).toEqual(['entry_a', 'entry_b']);
    expect(view.targets).toEqual(['add_pages', 'move_pfn_range_to_zone']);
  });

  it('marks nodes with their findings, worst severity first, and paths with the rules on them', async () => {
    const { graph, trace } = await traced(before);
    const view = buildGraphView(graph, trace, [
      finding('release', 'kasan-under-hotplug-lock', 'warning'),
      finding('release', 'kasan-under-hotplug-lock', 'error'),
      finding('release', 'another-rule', 'info'),
    ]);
    const release = view.nodes.find((n) => n.name === 'release')!;
    expect(release.findings).toEqual([
      { ruleId: 'another-rule', severity: 'info', count: 1 },
      { ruleId: 'kasan-under-hotplug-lock', severity: 'error', count: 2 },
    ]);
    expect(release.severity).toBe('error');
    expect(view.nodes.find((n) => n.name === 'entry_a')!.severity).toBeUndefined();
    expect(view.rules).toEqual(['another-rule', 'kasan-under-hotplug-lock']);
    expect(view.paths.map((p) => p.ruleIds.length)).toEqual([0, 2, 0, 0]);
  });

  it('filters by entry, target and rule, keeping only nodes and edges of the remaining paths', async () => {
    const { graph, trace } = await traced(before);
    const view = buildGraphView(graph, trace, [finding('release', 'kasan-under-hotplug-lock', 'error')]);
    const byEntry = filterGraphView(view, { entry: 'entry_b' });
    expect(byEntry.paths.map((p) => p.id)).toEqual(['p2', 'p3']);
    expect(byEntry.nodes.map((n) => n.name)).toEqual(['add_pages', 'entry_b', 'move_pfn_range_to_zone']);
    expect(
      filterGraphView(view, { entry: 'entry_b', target: 'add_pages' }).edges.map((e) =>
        e.id.split('|')[0]!.replace(/@[^>]*/g, ''),
      ),
    ).toEqual(['entry_b>add_pages']);
    const byRule = filterGraphView(view, { ruleId: 'kasan-under-hotplug-lock' });
    expect(byRule.paths.map((p) => p.id)).toEqual(['p1']);
    expect(byRule.nodes.map((n) => n.name)).toEqual(['add_pages', 'entry_a', 'release']);
  });

  it('marks paths a patch adds and removes, matching by names although lines moved', async () => {
    const a = await traced(before);
    const patched = {
      'mm/memory_hotplug.c': `/* new comment */\n/* shifts lines */\n${before['mm/memory_hotplug.c'].replace('\tmove_pfn_range_to_zone(nid);\n', '').replace('\tadd_pages(nid);\n\tdevm', '\tmove_pfn_range_to_zone(nid);\n\tadd_pages(nid);\n\tdevm')}`,
    };
    const b = await traced(patched);
    const cmp = compareGraphViews(buildGraphView(a.graph, a.trace), buildGraphView(b.graph, b.trace));
    const show = (m: typeof cmp.after) =>
      m.paths.map((p) => `${p.nodes.map((id) => id.split('@')[0]).join('>')} ${p.status}`);
    expect(show(cmp.after)).toEqual([
      'entry_a>move_pfn_range_to_zone added',
      'entry_a>add_pages same',
      'entry_a>release>add_pages same',
      'entry_b>add_pages same',
    ]);
    expect(show(cmp.before)).toEqual([
      'entry_a>add_pages same',
      'entry_a>release>add_pages same',
      'entry_b>move_pfn_range_to_zone removed',
      'entry_b>add_pages same',
    ]);
    expect(cmp.after.edges.filter((e) => e.status === 'added').map((e) => `${e.file}:${e.line}`)).toEqual([
      'mm/memory_hotplug.c:11',
    ]);
    expect(cmp.after.nodes.every((n) => n.status === 'same')).toBe(true);
  });
});

describe('locks on edges', () => {
  it('lists the locks the simulator saw held at each call site, once each, sorted', async () => {
    const { graph, trace } = await traced(before);
    const seen: string[] = [];
    const view = buildGraphView(graph, trace, [], (file, line, callee) => {
      seen.push(`${file}:${line} ${callee}`);
      return line === 9 ? ['mem_hotplug_lock', 'cpu_hotplug_lock', 'mem_hotplug_lock'] : line === 10 ? undefined : [];
    });
    // Line 10 was never reached by the replay: no locks, and it says so.
    expect(view.edges.map((e) => `${e.line} ${e.locks.join(',')} ${e.replayed}`)).toEqual([
      '9 cpu_hotplug_lock,mem_hotplug_lock true',
      '10  false',
      '16  true',
      '15  true',
      '5  true',
    ]);
    expect(seen).toContain('mm/memory_hotplug.c:10 release');
    expect(buildGraphView(graph, trace).edges.every((e) => e.locks.length === 0 && e.replayed === undefined)).toBe(
      true,
    );
  });
});

describe('DOT export of the view', () => {
  it('writes nodes with findings filled, callback edges dashed, and hostile names quoted inert', async () => {
    const { graph, trace } = await traced(before);
    const view = filterGraphView(
      buildGraphView(graph, trace, [finding('release', 'kasan-under-hotplug-lock', 'error')]),
      { entry: 'entry_a' },
    );
    view.nodes[0]!.name = 'evil"\x1b[31m\\';
    view.edges[0]!.locks = ['mem_hotplug_lock'];
    const dot = graphViewDot(view).split('\n');
    expect(dot).toContain('  "add_pages@mm/memory_hotplug.c:1" [label="evil\\" [31m\\\\()\\nmm/memory_hotplug.c:1"];');
    expect(dot).toContain(
      '  "release@mm/memory_hotplug.c:3" [label="release()\\nmm/memory_hotplug.c:3\\nkasan-under-hotplug-lock", fillcolor="#f4c7c3"];',
    );
    expect(dot).toContain(
      '  "entry_a@mm/memory_hotplug.c:7" -> "release@mm/memory_hotplug.c:3" [label="registered callback (devm_add_action)\\nmm/memory_hotplug.c:10", style=dashed];',
    );
    expect(dot).toContain(
      '  "entry_a@mm/memory_hotplug.c:7" -> "add_pages@mm/memory_hotplug.c:1" [label="mm/memory_hotplug.c:9\\nholds mem_hotplug_lock"];',
    );
    expect(dot.filter((l) => l.includes('->'))).toHaveLength(3);
  });
});

describe('path tree', () => {
  it('groups paths under entries, with one step per call at its call site', async () => {
    const { graph, trace } = await traced(before);
    const tree = buildPathTree(graph, trace);
    expect(tree.map((e) => `${e.label} ${e.description}`)).toEqual([
      'entry_a() mm/memory_hotplug.c:7 · 2 paths',
      'entry_b() mm/memory_hotplug.c:13 · 2 paths',
    ]);
    expect(tree[0]!.paths.map((p) => `${p.label} (${p.description})`)).toEqual([
      'add_pages() (1 call)',
      'release() → add_pages() (2 calls)',
    ]);
    expect(tree[0]!.paths[1]!.steps.map((s) => `${s.label} | ${s.description} | ${s.line}:${s.column}`)).toEqual([
      'entry_a() | mm/memory_hotplug.c:7 (entry) | 7:4',
      'entry_a() registered callback devm_add_action -> release() | mm/memory_hotplug.c:10 | 10:22',
      'release() calls add_pages() | mm/memory_hotplug.c:5 | 5:1',
    ]);
  });
});

describe('call hierarchy', () => {
  it('finds the function named at a definition, at a call site and at a registration', async () => {
    const { graph } = await traced(before);
    expect(functionAt(graph, 'mm/memory_hotplug.c', 7, 'entry_a')?.id).toBe('entry_a@mm/memory_hotplug.c:7');
    expect(functionAt(graph, 'mm/memory_hotplug.c', 9, 'add_pages')?.id).toBe('add_pages@mm/memory_hotplug.c:1');
    expect(functionAt(graph, 'mm/memory_hotplug.c', 10, 'release')?.id).toBe('release@mm/memory_hotplug.c:3');
    expect(functionAt(graph, 'mm/memory_hotplug.c', 9, 'nid')).toBeUndefined();
  });

  it('answers incoming and outgoing calls with callback edges and every call site', async () => {
    const { graph } = await traced(before);
    const incoming = incomingCalls(graph, 'add_pages@mm/memory_hotplug.c:1');
    expect(
      incoming.map((c) => `${c.fn.name} ${c.sites.map((s) => `${s.line}:${s.column} ${s.kind}`).join(', ')}`),
    ).toEqual(['release 5:1 direct', 'entry_a 9:1 direct', 'entry_b 16:8 direct']);
    const outgoing = outgoingCalls(graph, 'entry_a@mm/memory_hotplug.c:7');
    expect(
      outgoing.map(
        (c) => `${c.fn.name} ${c.sites.map((s) => `${s.line} ${s.kind}${s.via ? ` ${s.via}` : ''}`).join(', ')}`,
      ),
    ).toEqual(['add_pages 9 direct', 'release 10 registered devm_add_action']);
    expect(incomingCalls(graph, 'entry_a@mm/memory_hotplug.c:7')).toEqual([]);
  });
});
