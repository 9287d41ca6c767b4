// The CLI with no --tree runs on the embedded test-fixtures/linux-4.19-shape tree. Call-site lines are the
// ones in test-fixtures/README.md ("Call-site line numbers"); the whole default output is pinned in golden/.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCli } from './run-cli.js';

let cache: string;
beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** The lines of one path block: the chain line and its indented call lines. */
function block(text: string, chain: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(chain);
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

describe('paths on the embedded 4.19-shape fixture', () => {
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    run = runCli(['paths'], cache);
  });

  it('exits 0 with no notes and prints exactly the pinned default output', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(join(__dirname, 'golden/paths-4.19-default.txt'), 'utf8'));
  });

  it('goes from devm_memremap_pages to arch_add_memory and move_pfn_range_to_zone at the fixture lines', () => {
    expect(block(run.stdout, 'devm_memremap_pages() -> arch_add_memory() -> add_pages() -> __add_pages()')).toEqual([
      'devm_memremap_pages() -> arch_add_memory() -> add_pages() -> __add_pages()',
      '    kernel/memremap.c:217  devm_memremap_pages() calls arch_add_memory()',
      '    arch/x86/mm/init_64.c:54  arch_add_memory() calls add_pages()',
      '    arch/x86/mm/init_64.c:37  add_pages() calls __add_pages()',
    ]);
    expect(block(run.stdout, 'devm_memremap_pages() -> move_pfn_range_to_zone()')).toEqual([
      'devm_memremap_pages() -> move_pfn_range_to_zone()',
      '    kernel/memremap.c:219  devm_memremap_pages() calls move_pfn_range_to_zone()',
    ]);
  });

  it('reaches the release callbacks through their registrations (devm_add_action, devres_alloc_node)', () => {
    expect(
      block(
        run.stdout,
        'devm_memremap_pages() -> devm_memremap_pages_release() -> arch_remove_memory() -> __remove_pages()',
      ),
    ).toEqual([
      'devm_memremap_pages() -> devm_memremap_pages_release() -> arch_remove_memory() -> __remove_pages()',
      '    kernel/memremap.c:237  devm_memremap_pages() registers devm_memremap_pages_release() with devm_add_action() (registered callback: runs later)',
      '    kernel/memremap.c:122  devm_memremap_pages_release() calls arch_remove_memory()',
      '    arch/x86/mm/init_64.c:80  arch_remove_memory() calls __remove_pages()',
    ]);
    expect(block(run.stdout, 'hmm_devmem_add() -> hmm_devmem_release() -> __remove_pages()')).toEqual([
      'hmm_devmem_add() -> hmm_devmem_release() -> __remove_pages()',
      '    mm/hmm.c:246  hmm_devmem_add() registers hmm_devmem_release() with devres_alloc_node() (registered callback: runs later)',
      '    mm/hmm.c:122  hmm_devmem_release() calls __remove_pages()',
    ]);
  });

  it('follows hmm_devmem_pages_create into arch_add_memory, add_pages and move_pfn_range_to_zone', () => {
    const hmm = run.stdout.split('\n').filter((l) => l.startsWith('hmm_devmem_pages_create() ->'));
    expect(hmm).toEqual([
      'hmm_devmem_pages_create() -> arch_add_memory()',
      'hmm_devmem_pages_create() -> arch_add_memory() -> add_pages()',
      'hmm_devmem_pages_create() -> arch_add_memory() -> add_pages() -> __add_pages()',
      'hmm_devmem_pages_create() -> add_pages()',
      'hmm_devmem_pages_create() -> add_pages() -> __add_pages()',
      'hmm_devmem_pages_create() -> move_pfn_range_to_zone()',
    ]);
    expect(run.stdout).toContain('    mm/hmm.c:200  hmm_devmem_pages_create() calls arch_add_memory()\n');
    expect(run.stdout).toContain('    mm/hmm.c:203  hmm_devmem_pages_create() calls add_pages()\n');
    expect(run.stdout).toContain('    mm/hmm.c:209  hmm_devmem_pages_create() calls move_pfn_range_to_zone()\n');
    expect(run.stdout.endsWith('\n43 paths\n')).toBe(true);
  });
});

describe('other formats on the embedded fixture', () => {
  it('json: the same 43 paths, each with entry, target and steps', () => {
    const run = runCli(['paths', '--format', 'json'], cache);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.paths).toHaveLength(43);
    expect(doc.truncated).toBeNull();
    const release = doc.paths.find(
      (p: { chain: string }) => p.chain === 'hmm_devmem_add() -> hmm_devmem_release() -> arch_remove_memory()',
    );
    expect(
      release.steps.map((s: { function: string; call: { kind: string; line: number } | null }) => [
        s.function,
        s.call?.kind ?? null,
        s.call?.line ?? null,
      ]),
    ).toEqual([
      ['hmm_devmem_add', null, null],
      ['hmm_devmem_release', 'registered', 246],
      ['arch_remove_memory', 'direct', 124],
    ]);
  });

  it('dot: the HMM teardown with its registered edge dashed, and a note for a target the tree lacks', () => {
    const run = runCli(
      [
        'paths',
        '--format',
        'dot',
        '--from',
        'hmm_devmem_add',
        '--to',
        'del_device_memory',
        '--to',
        'arch_remove_memory',
      ],
      cache,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('note: del_device_memory() is not defined in this tree (for this configuration)\n');
    expect(run.stdout).toBe(
      [
        'digraph memhp_paths {',
        '  rankdir=LR;',
        '  node [shape=box, fontname="monospace"];',
        '  "arch_remove_memory@arch/x86/mm/init_64.c:68" [label="arch_remove_memory()\\narch/x86/mm/init_64.c:68"];',
        '  "hmm_devmem_add@mm/hmm.c:238" [label="hmm_devmem_add()\\nmm/hmm.c:238"];',
        '  "hmm_devmem_release@mm/hmm.c:100" [label="hmm_devmem_release()\\nmm/hmm.c:100"];',
        '  "hmm_devmem_add@mm/hmm.c:238" -> "hmm_devmem_release@mm/hmm.c:100" [label="registered callback\\nmm/hmm.c:246", style=dashed];',
        '  "hmm_devmem_release@mm/hmm.c:100" -> "arch_remove_memory@arch/x86/mm/init_64.c:68" [label="mm/hmm.c:124"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('index json: definitions by file and line with linkage, the arm64 one disabled, the registration edge', () => {
    const run = runCli(['index', '--format', 'json'], cache);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    const pick = (name: string) =>
      doc.functions
        .filter((f: { name: string }) => f.name === name)
        .map((f: Record<string, unknown>) => ({
          name: f.name,
          file: f.file,
          line: f.line,
          linkage: f.linkage,
          ...(f.enabled === false ? { enabled: false } : {}),
        }));
    expect(pick('arch_add_memory')).toEqual([
      { name: 'arch_add_memory', file: 'arch/arm64/mm/mmu.c', line: 44, linkage: 'global', enabled: false },
      { name: 'arch_add_memory', file: 'arch/x86/mm/init_64.c', line: 46, linkage: 'global' },
    ]);
    expect(pick('devm_memremap_pages_release')).toEqual([
      { name: 'devm_memremap_pages_release', file: 'kernel/memremap.c', line: 104, linkage: 'static' },
    ]);
    expect(pick('add_memory')).toEqual([
      { name: 'add_memory', file: 'mm/memory_hotplug.c', line: 649, linkage: 'global' },
    ]);
    const registered = doc.edges
      .filter((e: { kind: string }) => e.kind === 'registered')
      .map((e: Record<string, unknown>) => [e.caller, e.callee, e.file, e.line, e.via]);
    expect(registered).toContainEqual([
      'devm_memremap_pages',
      'devm_memremap_pages_release',
      'kernel/memremap.c',
      237,
      'devm_add_action',
    ]);
    expect(registered).toContainEqual(['hmm_devmem_add', 'hmm_devmem_release', 'mm/hmm.c', 246, 'devres_alloc_node']);
  });
});
