// The CLI on Debian's linux-source-6.1: the devm_memremap_pages paths into arch_add_memory and, through the
// devm_add_action_or_reset registration of the release callback, into arch_remove_memory. Lines checked
// against the tree with grep -n (mm/memremap.c:407, 366, 246; 411, 159, 149, 126; 373).

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCliAsync } from '../cli/run-cli.js';
import { kernelRoot } from './kernel.js';

const ADD_PATH = [
  'devm_memremap_pages() -> memremap_pages() -> pagemap_range() -> arch_add_memory()',
  '    mm/memremap.c:407  devm_memremap_pages() calls memremap_pages()',
  '    mm/memremap.c:366  memremap_pages() calls pagemap_range()',
  '    mm/memremap.c:246  pagemap_range() calls arch_add_memory()',
  '',
  '1 path',
  '',
].join('\n');

const REMOVE_PATHS = [
  'devm_memremap_pages() -> memremap_pages() -> memunmap_pages() -> pageunmap_range() -> arch_remove_memory()',
  '    mm/memremap.c:407  devm_memremap_pages() calls memremap_pages()',
  '    mm/memremap.c:373  memremap_pages() calls memunmap_pages()',
  '    mm/memremap.c:149  memunmap_pages() calls pageunmap_range()',
  '    mm/memremap.c:126  pageunmap_range() calls arch_remove_memory()',
  '',
  'devm_memremap_pages() -> devm_memremap_pages_release() -> memunmap_pages() -> pageunmap_range() -> arch_remove_memory()',
  '    mm/memremap.c:411  devm_memremap_pages() registers devm_memremap_pages_release() with devm_add_action_or_reset() (registered callback: runs later)',
  '    mm/memremap.c:159  devm_memremap_pages_release() calls memunmap_pages()',
  '    mm/memremap.c:149  memunmap_pages() calls pageunmap_range()',
  '    mm/memremap.c:126  pageunmap_range() calls arch_remove_memory()',
  '',
  '2 paths',
  '',
].join('\n');

describe('memhp-review paths on Debian linux-source-6.1', () => {
  let root: string;
  let cache: string;
  beforeAll(() => {
    root = kernelRoot();
    ensureBuilt();
    cache = freshCacheDir();
  });
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('prints devm_memremap_pages -> memremap_pages -> pagemap_range -> arch_add_memory with each call line', async () => {
    const run = await runCliAsync(
      ['paths', '--tree', root, '--from', 'devm_memremap_pages', '--to', 'arch_add_memory'],
      cache,
    );
    expect(run.stdout).toBe(ADD_PATH);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('reaches arch_remove_memory through the devm_add_action_or_reset registration of the release callback', async () => {
    const run = await runCliAsync(
      ['paths', '--tree', root, '--from', 'devm_memremap_pages', '--to', 'arch_remove_memory'],
      cache,
    );
    expect(run.stdout).toBe(REMOVE_PATHS);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('gives the same answer again from the warm cache', async () => {
    const run = await runCliAsync(
      ['paths', '--tree', root, '--from', 'devm_memremap_pages', '--to', 'arch_add_memory'],
      cache,
    );
    expect(run.stdout).toBe(ADD_PATH);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
