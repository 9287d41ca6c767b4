// `check` on Debian's linux-source-6.1 (installed by extension/scripts/kernel-tree.sh when missing): the KASAN shadow
// calls inside mem_hotplug_begin()/done() at mm/memremap.c:240 and :128, the unlocked unwind at :277, no
// lock leak in pagemap_range(), and the whole list of finding lines. Lines checked with grep -n on the tree.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCliAsync, type CliRun } from '../cli/run-cli.js';
import { kernelRoot } from './kernel.js';

interface JsonFinding {
  ruleId: string;
  severity: string;
  location: { file: string; line: number; column: number };
  function: string;
  entry: string;
  chain: { caller: string; callee: string; file: string; line: number; kind: string; via?: string }[];
  locks: { lock: string; mode: string; takenAt: { file: string; line: number }; via?: string }[];
}

// Each judged against the 6.1 source:
// - memory_hotplug.c:1032/:1069: mhp_init/deinit_memmap_on_memory() map/unmap the shadow of the vmemmap
//   pages, called by memory_block_online()/_offline() after their own mem_hotplug_begin() - real
//   instances of the same question as memremap.c.
// - memremap.c:128 and :240: pageunmap_range()/pagemap_range() shadow calls inside the lock - real.
// - memremap.c:277: pagemap_range()'s err_add_memory unwinds the shadow after mem_hotplug_done() - real.
const FINDING_LINES = [
  'mm/memory_hotplug.c:1032 mhp_init_memmap_on_memory() warn: [kasan-under-hotplug-lock] kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at drivers/base/memory.c:199 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
  'mm/memory_hotplug.c:1069 mhp_deinit_memmap_on_memory() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at drivers/base/memory.c:199 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
  'mm/memory_hotplug.c:1069 mhp_deinit_memmap_on_memory() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at drivers/base/memory.c:245 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
  'mm/memremap.c:128 pageunmap_range() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at mm/memremap.c:119 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
  'mm/memremap.c:240 pagemap_range() warn: [kasan-under-hotplug-lock] kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at mm/memremap.c:223 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
  'mm/memremap.c:277 pagemap_range() warn: [inconsistent-lock-context] kasan_remove_zero_shadow() is called here without mem_hotplug_lock, but with mem_hotplug_lock held at mm/memremap.c:128 (reached from the same entry, devm_memremap_pages())',
];

describe('memhp-review check on Debian linux-source-6.1', () => {
  let root: string;
  let cache: string;
  let text: CliRun;
  let findings: JsonFinding[];
  beforeAll(async () => {
    root = kernelRoot();
    ensureBuilt();
    cache = freshCacheDir();
    text = await runCliAsync(['check', '--tree', root], cache);
    const json = await runCliAsync(['check', '--tree', root, '--format', 'json'], cache);
    expect(json.code).toBe(0);
    findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
  });
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  const at = (file: string, line: number, rule: string) =>
    findings.filter((f) => f.location.file === file && f.location.line === line && f.ruleId === rule);
  const entryChain = (f: JsonFinding) => [f.entry, ...f.chain.map((s) => s.callee)].join(' -> ');

  it('prints exactly the pinned finding lines, no error-severity finding, and exits 0', () => {
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n').filter((l) => /^\S+:\d+ \S+\(\) (error|warn|info): \[/.test(l))).toEqual(
      FINDING_LINES,
    );
    expect(text.stdout).toContain('\n9 findings (0 error, 9 warning, 0 info)\n');
    expect(text.code).toBe(0);
  });

  it('reports kasan_add_zero_shadow() under mem_hotplug_lock at mm/memremap.c:240, reached from memremap_pages and devm_memremap_pages', () => {
    const found = at('mm/memremap.c', 240, 'kasan-under-hotplug-lock');
    expect(found.map(entryChain).sort()).toEqual([
      'devm_memremap_pages -> memremap_pages -> pagemap_range',
      'memremap_pages -> pagemap_range',
    ]);
    expect(found[0]!.function).toBe('pagemap_range');
    expect(found[0]!.locks.find((l) => l.lock === 'mem_hotplug_lock')).toEqual({
      lock: 'mem_hotplug_lock',
      mode: 'write',
      kind: 'percpu-rwsem',
      takenAt: { file: 'mm/memremap.c', line: 223, column: 1 },
      via: 'mem_hotplug_begin',
    });
  });

  it('reports kasan_remove_zero_shadow() under mem_hotplug_lock at mm/memremap.c:128, reached from memunmap_pages and devm_memremap_pages_release', () => {
    const found = at('mm/memremap.c', 128, 'kasan-under-hotplug-lock');
    expect(found.map(entryChain).sort()).toEqual([
      'devm_memremap_pages -> devm_memremap_pages_release -> memunmap_pages -> pageunmap_range',
      'devm_memremap_pages_release -> memunmap_pages -> pageunmap_range',
      'memunmap_pages -> pageunmap_range',
    ]);
    const viaRegistration = found.find((f) => f.entry === 'devm_memremap_pages')!;
    expect(viaRegistration.chain[0]).toMatchObject({
      caller: 'devm_memremap_pages',
      callee: 'devm_memremap_pages_release',
      file: 'mm/memremap.c',
      line: 411,
      kind: 'registered',
      via: 'devm_add_action_or_reset',
    });
  });

  it('reports the unlocked unwind of the shadow at mm/memremap.c:277 as inconsistent-lock-context', () => {
    const found = at('mm/memremap.c', 277, 'inconsistent-lock-context');
    expect(found.map(entryChain)).toEqual(['devm_memremap_pages -> memremap_pages -> pagemap_range']);
    expect(found[0]!.locks.map((l) => l.lock)).not.toContain('mem_hotplug_lock');
  });

  it('reports no lock-held-at-return in pagemap_range() (nor anywhere else)', () => {
    expect(findings.filter((f) => f.ruleId === 'lock-held-at-return')).toEqual([]);
  });
});
