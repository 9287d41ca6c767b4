// Path tracing over small in-memory trees: exact paths and call sites, registered callbacks on the way,
// cycle safety, the depth and count bounds with their truncation markers, and deterministic order.

import { describe, expect, it } from 'vitest';
import { tracePaths } from '../../src/core/paths/trace.js';
import { formatPathsText } from '../../src/core/report/paths.js';
import { lines } from '../syntax/parse.js';
import { inlineTree } from './tree.js';

const HOTPLUG: Record<string, string> = {
  'mm/memremap.c': lines(
    /*  1 */ 'static void devm_memremap_pages_release(void *data)',
    /*  2 */ '{',
    /*  3 */ '\tmemunmap_pages(data);',
    /*  4 */ '}',
    /*  5 */ 'void memunmap_pages(struct dev_pagemap *pgmap)',
    /*  6 */ '{',
    /*  7 */ '\tarch_remove_memory(0, 0);',
    /*  8 */ '}',
    /*  9 */ 'static int pagemap_range(struct dev_pagemap *pgmap)',
    /* 10 */ '{',
    /* 11 */ '\tif (pgmap->type == 1)',
    /* 12 */ '\t\treturn arch_add_memory(0, 0);',
    /* 13 */ '\treturn add_pages(0, 0) ?: arch_add_memory(1, 1);',
    /* 14 */ '}',
    /* 15 */ 'void *memremap_pages(struct dev_pagemap *pgmap)',
    /* 16 */ '{',
    /* 17 */ '\treturn pagemap_range(pgmap) ? NULL : pgmap;',
    /* 18 */ '}',
    /* 19 */ 'void *devm_memremap_pages(struct device *dev, struct dev_pagemap *pgmap)',
    /* 20 */ '{',
    /* 21 */ '\tvoid *ret = memremap_pages(pgmap);',
    /* 22 */ '',
    /* 23 */ '\tif (devm_add_action_or_reset(dev, devm_memremap_pages_release, pgmap))',
    /* 24 */ '\t\treturn NULL;',
    /* 25 */ '\treturn ret;',
    /* 26 */ '}',
  ),
  'arch/x86/mm/init_64.c': lines(
    /*  1 */ 'int arch_add_memory(int nid, u64 start)',
    /*  2 */ '{',
    /*  3 */ '\treturn add_pages(nid, start);',
    /*  4 */ '}',
    /*  5 */ 'void arch_remove_memory(u64 start, u64 size)',
    /*  6 */ '{',
    /*  7 */ '\t__remove_pages(start, size);',
    /*  8 */ '}',
  ),
  'mm/memory_hotplug.c': lines(
    /*  1 */ 'int add_pages(int nid, u64 start) { return 0; }',
    /*  2 */ 'void __remove_pages(u64 start, u64 size) { }',
  ),
};

describe('tracePaths', () => {
  it('lists every simple path with the exact call sites, folding repeated calls into one step', async () => {
    const { graph } = await inlineTree(HOTPLUG);
    const result = tracePaths(graph, { from: ['devm_memremap_pages'], to: ['arch_add_memory', 'arch_remove_memory'] });
    expect(formatPathsText(graph, result)).toBe(
      lines(
        'devm_memremap_pages() -> memremap_pages() -> pagemap_range() -> arch_add_memory()',
        '    mm/memremap.c:21  devm_memremap_pages() calls memremap_pages()',
        '    mm/memremap.c:17  memremap_pages() calls pagemap_range()',
        '    mm/memremap.c:12  pagemap_range() calls arch_add_memory() (also at line 13)',
        '',
        'devm_memremap_pages() -> devm_memremap_pages_release() -> memunmap_pages() -> arch_remove_memory()',
        '    mm/memremap.c:23  devm_memremap_pages() registers devm_memremap_pages_release() with devm_add_action_or_reset() (registered callback: runs later)',
        '    mm/memremap.c:3  devm_memremap_pages_release() calls memunmap_pages()',
        '    mm/memremap.c:7  memunmap_pages() calls arch_remove_memory()',
        '',
        '2 paths',
      ).trimEnd(),
    );
    expect(result.truncated).toBeUndefined();
    expect(result.missing).toEqual([]);
  });

  it('continues through a target to reach a deeper one, and names entries and targets it cannot find', async () => {
    const { graph } = await inlineTree(HOTPLUG);
    const result = tracePaths(graph, {
      from: ['memremap_pages', 'hmm_devmem_add'],
      to: ['arch_add_memory', 'add_pages', 'del_device_memory'],
    });
    expect(result.paths.map((p) => p.steps.map((s) => graph.functions.get(s.fn)!.name).join(' > '))).toEqual([
      'memremap_pages > pagemap_range > arch_add_memory',
      'memremap_pages > pagemap_range > arch_add_memory > add_pages',
      'memremap_pages > pagemap_range > add_pages',
    ]);
    expect(result.missing).toEqual(['hmm_devmem_add', 'del_device_memory']);
  });

  it('takes static functions as entries and targets (the devm release callbacks are static)', async () => {
    const { graph } = await inlineTree(HOTPLUG);
    const result = tracePaths(graph, {
      from: ['devm_memremap_pages_release', 'devm_memremap_pages'],
      to: ['pagemap_range', 'arch_remove_memory'],
    });
    expect(result.paths.map((p) => p.steps.map((s) => graph.functions.get(s.fn)!.name).join(' > '))).toEqual([
      'devm_memremap_pages_release > memunmap_pages > arch_remove_memory',
      'devm_memremap_pages > memremap_pages > pagemap_range',
      'devm_memremap_pages > devm_memremap_pages_release > memunmap_pages > arch_remove_memory',
    ]);
    expect(result.missing).toEqual([]);
  });

  it('is cycle safe: recursion and mutual recursion yield only simple paths', async () => {
    const { graph } = await inlineTree({
      'mm/cycle.c': lines(
        'void online_pages(int n);',
        'int walk(int n) { if (n) return walk(n - 1) + back(n); return online_pages(n); }',
        'int back(int n) { return walk(n) + entry(n); }',
        'int entry(int n) { return walk(n) + back(n); }',
        'void online_pages(int n) { entry(n); }',
      ),
    });
    const result = tracePaths(graph, { from: ['entry'], to: ['online_pages'] });
    expect(
      result.paths.map((p) =>
        p.steps.map((s) => `${graph.functions.get(s.fn)!.name}:${s.edge?.line ?? '-'}`).join(' > '),
      ),
    ).toEqual(['entry:- > walk:4 > online_pages:2', 'entry:- > back:4 > walk:3 > online_pages:2']);
    expect(result.truncated).toBeUndefined();
  });

  it('marks the result truncated when --max-depth cuts a path, and not when the bound is just long enough', async () => {
    const chain = {
      'mm/chain.c': lines(
        'void add_pages(void) { }',
        'void f3(void) { add_pages(); }',
        'void f2(void) { f3(); }',
        'void f1(void) { f2(); }',
        'void add_memory(void) { f1(); }',
      ),
    };
    const { graph } = await inlineTree(chain);
    const short = tracePaths(graph, { from: ['add_memory'], to: ['add_pages'], maxDepth: 3 });
    expect(short.paths).toEqual([]);
    expect(short.truncated).toEqual({
      bound: 'max-depth',
      message: 'paths longer than 3 calls were not followed (--max-depth)',
    });
    expect(formatPathsText(graph, short)).toBe(
      '0 paths\ntruncated: paths longer than 3 calls were not followed (--max-depth)',
    );
    const exact = tracePaths(graph, { from: ['add_memory'], to: ['add_pages'], maxDepth: 4 });
    expect(exact.paths.map((p) => p.steps.length)).toEqual([5]);
    expect(exact.truncated).toBeUndefined();
  });

  it('stops at --max-paths with a marker, and lists all paths when there are exactly that many', async () => {
    const diamond = {
      'mm/diamond.c': lines(
        'void __remove_pages(void) { }',
        'void a(void) { __remove_pages(); }',
        'void b(void) { __remove_pages(); }',
        'void c(void) { __remove_pages(); }',
        'void remove_memory(void) { a(); b(); c(); }',
      ),
    };
    const { graph } = await inlineTree(diamond);
    const cut = tracePaths(graph, { from: ['remove_memory'], to: ['__remove_pages'], maxPaths: 2 });
    expect(cut.paths.map((p) => graph.functions.get(p.steps[1]!.fn)!.name)).toEqual(['a', 'b']);
    expect(cut.truncated).toEqual({ bound: 'max-paths', message: 'stopped after 2 paths (--max-paths)' });
    const all = tracePaths(graph, { from: ['remove_memory'], to: ['__remove_pages'], maxPaths: 3 });
    expect(all.paths.map((p) => graph.functions.get(p.steps[1]!.fn)!.name)).toEqual(['a', 'b', 'c']);
    expect(all.truncated).toBeUndefined();
  });

  it('gives the same paths in the same order whatever order the files were indexed in', async () => {
    const forward = await inlineTree(HOTPLUG);
    const reversed = await inlineTree(Object.fromEntries(Object.entries(HOTPLUG).reverse()));
    const options = {
      from: ['devm_memremap_pages', 'memremap_pages', 'devm_memremap_pages_release'],
      to: ['arch_add_memory', 'add_pages', 'arch_remove_memory', '__remove_pages'],
    };
    const text = formatPathsText(forward.graph, tracePaths(forward.graph, options));
    expect(formatPathsText(reversed.graph, tracePaths(reversed.graph, options))).toBe(text);
    expect(text.split('\n').filter((l) => l.includes('->'))).toEqual([
      'devm_memremap_pages() -> memremap_pages() -> pagemap_range() -> arch_add_memory()',
      'devm_memremap_pages() -> memremap_pages() -> pagemap_range() -> arch_add_memory() -> add_pages()',
      'devm_memremap_pages() -> memremap_pages() -> pagemap_range() -> add_pages()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> memunmap_pages() -> arch_remove_memory()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> memunmap_pages() -> arch_remove_memory() -> __remove_pages()',
      'memremap_pages() -> pagemap_range() -> arch_add_memory()',
      'memremap_pages() -> pagemap_range() -> arch_add_memory() -> add_pages()',
      'memremap_pages() -> pagemap_range() -> add_pages()',
      'devm_memremap_pages_release() -> memunmap_pages() -> arch_remove_memory()',
      'devm_memremap_pages_release() -> memunmap_pages() -> arch_remove_memory() -> __remove_pages()',
    ]);
  });
});
