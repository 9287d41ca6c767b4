// The CLI's output formats on a small tree written for the test: `paths` as text, JSON and DOT, and
// `index --format json` with functions (name, file, line, linkage) and edges (kind, caller, callee, file, line).

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCli, writeTree } from './run-cli.js';

const FILES = {
  'mm/memremap.c': [
    /*  1 */ 'static void devm_release(void *data)',
    /*  2 */ '{',
    /*  3 */ '\tmemunmap_pages(data);',
    /*  4 */ '}',
    /*  5 */ 'void memunmap_pages(void *pgmap)',
    /*  6 */ '{',
    /*  7 */ '\tarch_remove_memory(0);',
    /*  8 */ '}',
    /*  9 */ 'int devm_memremap_pages(struct device *dev, void *pgmap)',
    /* 10 */ '{',
    /* 11 */ '\treturn devm_add_action_or_reset(dev, devm_release, pgmap);',
    /* 12 */ '}',
    '',
  ].join('\n'),
  'arch/x86/mm/init_64.c': 'void arch_remove_memory(int start)\n{\n}\n',
};

let root: string;
let cache: string;
beforeAll(() => {
  ensureBuilt();
  root = writeTree(FILES);
  cache = freshCacheDir();
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

const paths = (...extra: string[]) =>
  runCli(['paths', '--tree', root, '--from', 'devm_memremap_pages', '--to', 'arch_remove_memory', ...extra], cache);

describe('paths output formats', () => {
  it('text: a chain line, then file:line and the edge kind of each call', () => {
    expect(paths()).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'devm_memremap_pages() -> devm_release() -> memunmap_pages() -> arch_remove_memory()',
        '    mm/memremap.c:11  devm_memremap_pages() registers devm_release() with devm_add_action_or_reset() (registered callback: runs later)',
        '    mm/memremap.c:3  devm_release() calls memunmap_pages()',
        '    mm/memremap.c:7  memunmap_pages() calls arch_remove_memory()',
        '',
        '1 path',
        '',
      ].join('\n'),
    });
  });

  it('json: entry, target, chain and steps with definition and 1-based call position', () => {
    const run = paths('--format', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      paths: [
        {
          entry: 'devm_memremap_pages',
          target: 'arch_remove_memory',
          chain: 'devm_memremap_pages() -> devm_release() -> memunmap_pages() -> arch_remove_memory()',
          steps: [
            {
              function: 'devm_memremap_pages',
              id: 'devm_memremap_pages@mm/memremap.c:9',
              definedAt: { file: 'mm/memremap.c', line: 9 },
              call: null,
            },
            {
              function: 'devm_release',
              id: 'devm_release@mm/memremap.c:1',
              definedAt: { file: 'mm/memremap.c', line: 1 },
              call: {
                kind: 'registered',
                file: 'mm/memremap.c',
                line: 11,
                column: 39,
                via: 'devm_add_action_or_reset',
              },
            },
            {
              function: 'memunmap_pages',
              id: 'memunmap_pages@mm/memremap.c:5',
              definedAt: { file: 'mm/memremap.c', line: 5 },
              call: { kind: 'direct', file: 'mm/memremap.c', line: 3, column: 2 },
            },
            {
              function: 'arch_remove_memory',
              id: 'arch_remove_memory@arch/x86/mm/init_64.c:1',
              definedAt: { file: 'arch/x86/mm/init_64.c', line: 1 },
              call: { kind: 'direct', file: 'mm/memremap.c', line: 7, column: 2 },
            },
          ],
        },
      ],
      truncated: null,
      missing: [],
    });
    expect(FILES['mm/memremap.c'].split('\n')[10]!.indexOf('devm_release')).toBe(39 - 1);
  });

  it('json: reports a bound that bit and the names it could not find', () => {
    const run = runCli(
      [
        'paths',
        '--tree',
        root,
        '--from',
        'devm_memremap_pages',
        '--from',
        'hmm_devmem_add',
        '--to',
        'arch_remove_memory',
        '--max-depth',
        '2',
        '--format',
        'json',
      ],
      cache,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('note: hmm_devmem_add() is not defined in this tree (for this configuration)\n');
    const doc = JSON.parse(run.stdout);
    expect(doc.paths).toEqual([]);
    expect(doc.truncated).toEqual({
      bound: 'max-depth',
      message: 'paths longer than 2 calls were not followed (--max-depth)',
    });
    expect(doc.missing).toEqual(['hmm_devmem_add']);
  });

  it('dot: one node per function with its definition, dashed edges for callbacks', () => {
    expect(paths('--format', 'dot')).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'digraph memhp_paths {',
        '  rankdir=LR;',
        '  node [shape=box, fontname="monospace"];',
        '  "arch_remove_memory@arch/x86/mm/init_64.c:1" [label="arch_remove_memory()\\narch/x86/mm/init_64.c:1"];',
        '  "devm_memremap_pages@mm/memremap.c:9" [label="devm_memremap_pages()\\nmm/memremap.c:9"];',
        '  "devm_release@mm/memremap.c:1" [label="devm_release()\\nmm/memremap.c:1"];',
        '  "memunmap_pages@mm/memremap.c:5" [label="memunmap_pages()\\nmm/memremap.c:5"];',
        '  "devm_memremap_pages@mm/memremap.c:9" -> "devm_release@mm/memremap.c:1" [label="registered callback\\nmm/memremap.c:11", style=dashed];',
        '  "devm_release@mm/memremap.c:1" -> "memunmap_pages@mm/memremap.c:5" [label="mm/memremap.c:3"];',
        '  "memunmap_pages@mm/memremap.c:5" -> "arch_remove_memory@arch/x86/mm/init_64.c:1" [label="mm/memremap.c:7"];',
        '}',
        '',
      ].join('\n'),
    });
  });
});

describe('index --format json', () => {
  it('lists functions with name, file, line and linkage, and edges with kind, caller, callee, file and line', () => {
    const run = runCli(['index', '--tree', root, '--format', 'json'], cache);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout);
    expect(doc.files).toBe(2);
    expect(doc.functions.map((f: Record<string, unknown>) => [f.name, f.file, f.line, f.linkage])).toEqual([
      ['arch_remove_memory', 'arch/x86/mm/init_64.c', 1, 'global'],
      ['devm_release', 'mm/memremap.c', 1, 'static'],
      ['memunmap_pages', 'mm/memremap.c', 5, 'global'],
      ['devm_memremap_pages', 'mm/memremap.c', 9, 'global'],
    ]);
    expect(doc.edges.map((e: Record<string, unknown>) => [e.kind, e.caller, e.callee, e.file, e.line])).toEqual([
      ['direct', 'devm_release', 'memunmap_pages', 'mm/memremap.c', 3],
      ['direct', 'memunmap_pages', 'arch_remove_memory', 'mm/memremap.c', 7],
      ['registered', 'devm_memremap_pages', 'devm_release', 'mm/memremap.c', 11],
    ]);
    expect(doc.edges[2].via).toBe('devm_add_action_or_reset');
    expect(doc.notes).toEqual([]);
    expect([doc.buildFiles, doc.notBuilt]).toEqual([0, []]);
  });

  it('lists the C files Kbuild does not build, with the Makefile line, and links calls to the built definition', () => {
    const kbuildRoot = writeTree({
      'arch/x86/Makefile': 'ifeq ($(CONFIG_X86_32),y)\nBITS := 32\nelse\nBITS := 64\nendif\nexport BITS\n',
      'arch/x86/mm/Makefile': 'obj-y := init.o init_$(BITS).o\nobj-$(CONFIG_X86_32) += pgtable_32.o\n',
      'arch/x86/mm/init_32.c': 'void arch_remove_memory(u64 start, u64 size) { }\n',
      'arch/x86/mm/init_64.c': 'void arch_remove_memory(u64 start, u64 size) { }\n',
      'arch/x86/mm/pgtable_32.c': 'void set_pmd_pfn(void) { }\n',
      'mm/memory_hotplug.c': 'void try_remove_memory(u64 start, u64 size) { arch_remove_memory(start, size); }\n',
    });
    try {
      const run = runCli(['index', '--tree', kbuildRoot, '--format', 'json'], cache);
      expect([run.code, run.stderr]).toEqual([0, '']);
      const doc = JSON.parse(run.stdout);
      expect([doc.files, doc.buildFiles]).toEqual([4, 2]);
      expect(doc.notBuilt).toEqual([
        { file: 'arch/x86/mm/init_32.c', reason: 'init_$(BITS).o in arch/x86/mm/Makefile:1 is init_64.o, BITS=64' },
        {
          file: 'arch/x86/mm/pgtable_32.c',
          reason: 'obj-$(CONFIG_X86_32) in arch/x86/mm/Makefile:2, CONFIG_X86_32 unset',
        },
      ]);
      expect(doc.edges.map((e: Record<string, unknown>) => e.calleeId)).toEqual([
        'arch_remove_memory@arch/x86/mm/init_64.c:1',
      ]);
    } finally {
      rmSync(kbuildRoot, { recursive: true, force: true });
    }
  });

  it('reads the warm cache to the same document', () => {
    const first = runCli(['index', '--tree', root], cache);
    const again = runCli(['index', '--tree', root], cache);
    expect(again.stdout).toBe(first.stdout);
    expect(JSON.parse(again.stdout).functions).toHaveLength(4);
  });
});
