// Call-graph construction over small in-memory trees: which definition a call means (static, arch,
// __weak, #ifdef), ops dispatch matched by struct type only, and registered callbacks.

import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/kernel/config.js';
import { lines } from '../syntax/parse.js';
import { edgeLines, inlineTree } from './tree.js';

describe('definition resolution', () => {
  it('resolves a static callee inside its own file first, and a global one from elsewhere', async () => {
    const { graph } = await inlineTree({
      'mm/a.c': lines('static int helper(void) { return 1; }', 'int use_in_a(void) { return helper(); }'),
      'mm/b.c': lines('int helper(void) { return 2; }'),
      'mm/c.c': lines('int use_in_c(void) { return helper(); }'),
    });
    expect(edgeLines(graph)).toEqual([
      'use_in_a -> helper@mm/a.c:1 (direct) mm/a.c:2',
      'use_in_c -> helper@mm/b.c:1 (direct) mm/c.c:1',
    ]);
  });

  it('does not let another file call a static function', async () => {
    const { graph } = await inlineTree({
      'mm/a.c': 'static int only_here(void) { return 1; }\n',
      'mm/c.c': 'int caller(void) { return only_here(); }\n',
    });
    expect(edgeLines(graph)).toEqual([]);
  });

  const archTree = {
    'arch/x86/mm/init_64.c': lines(
      'int arch_add_memory(int nid, u64 start, u64 size)',
      '{',
      '\treturn add_pages(nid, start, size);',
      '}',
    ),
    'arch/arm64/mm/mmu.c': lines(
      '',
      'int arch_add_memory(int nid, u64 start, u64 size)',
      '{',
      '\treturn __add_pages(nid, start, size);',
      '}',
    ),
    'mm/memory_hotplug.c': lines(
      'int add_pages(int nid, u64 start, u64 size) { return 0; }',
      'int __add_pages(int nid, u64 start, u64 size) { return 0; }',
      'int add_memory_resource(int nid, u64 start, u64 size)',
      '{',
      '\treturn arch_add_memory(nid, start, size);',
      '}',
    ),
  };

  it('picks the arch/x86 definition of arch_add_memory under arch x86, arm64 under arm64', async () => {
    const x86 = await inlineTree(archTree, defaultConfig('x86'));
    expect(x86.graph.resolver.resolve('arch_add_memory')?.file).toBe('arch/x86/mm/init_64.c');
    // The arm64 definition stays in the graph (disabled, with its own calls) but nothing resolves to it.
    expect(edgeLines(x86.graph)).toEqual([
      'add_memory_resource -> arch_add_memory@arch/x86/mm/init_64.c:1 (direct) mm/memory_hotplug.c:5',
      'arch_add_memory -> __add_pages@mm/memory_hotplug.c:2 (direct) arch/arm64/mm/mmu.c:4',
      'arch_add_memory -> add_pages@mm/memory_hotplug.c:1 (direct) arch/x86/mm/init_64.c:3',
    ]);
    expect(x86.graph.functions.get('arch_add_memory@arch/arm64/mm/mmu.c:2')?.enabled).toBe(false);
    expect(x86.graph.functions.get('arch_add_memory@arch/x86/mm/init_64.c:1')?.enabled).toBe(true);

    const arm64 = await inlineTree(archTree, defaultConfig('aarch64'));
    expect(arm64.graph.resolver.resolve('arch_add_memory')?.file).toBe('arch/arm64/mm/mmu.c');
    expect(edgeLines(arm64.graph)).toEqual([
      'add_memory_resource -> arch_add_memory@arch/arm64/mm/mmu.c:2 (direct) mm/memory_hotplug.c:5',
      'arch_add_memory -> __add_pages@mm/memory_hotplug.c:2 (direct) arch/arm64/mm/mmu.c:4',
      'arch_add_memory -> add_pages@mm/memory_hotplug.c:1 (direct) arch/x86/mm/init_64.c:3',
    ]);
  });

  it("lets a strong definition beat a __weak default, even one in the caller's own file", async () => {
    const { graph } = await inlineTree({
      'arch/x86/mm/init_64.c': 'int memory_block_size_bytes(void) { return 2; }\n',
      'drivers/base/memory.c': lines(
        'int __weak memory_block_size_bytes(void) { return 1; }',
        'int init_blocks(void) { return memory_block_size_bytes(); }',
        'int __weak arch_get_memory_phys_device(unsigned long pfn) { return 0; }',
        'int add_block(void) { return arch_get_memory_phys_device(0); }',
      ),
      'mm/sparse.c': 'int sparse_blocks(void) { return memory_block_size_bytes(); }\n',
    });
    expect(edgeLines(graph)).toEqual([
      'add_block -> arch_get_memory_phys_device@drivers/base/memory.c:3 (direct) drivers/base/memory.c:4',
      'init_blocks -> memory_block_size_bytes@arch/x86/mm/init_64.c:1 (direct) drivers/base/memory.c:2',
      'sparse_blocks -> memory_block_size_bytes@arch/x86/mm/init_64.c:1 (direct) mm/sparse.c:1',
    ]);
  });

  const kasanTree = {
    'include/linux/kasan.h': lines(
      '#ifndef _LINUX_KASAN_H',
      '#define _LINUX_KASAN_H',
      '#ifdef CONFIG_KASAN',
      'int kasan_add_zero_shadow(void *start, unsigned long size);',
      '#else',
      'static inline int kasan_add_zero_shadow(void *start, unsigned long size)',
      '{',
      '\treturn 0;',
      '}',
      '#endif',
      '#endif',
    ),
    'mm/kasan/init.c': lines(
      'int kasan_add_zero_shadow(void *start, unsigned long size)',
      '{',
      '\treturn zero_pud_populate(start, size);',
      '}',
    ),
    'mm/memremap.c': lines(
      'int pagemap_range(void *start, unsigned long size)',
      '{',
      '\treturn kasan_add_zero_shadow(start, size);',
      '}',
    ),
  };

  it('picks the real kasan_add_zero_shadow over the #else stub under the default config (KASAN on)', async () => {
    const { graph } = await inlineTree(kasanTree);
    expect(graph.functions.get('kasan_add_zero_shadow@include/linux/kasan.h:6')?.enabled).toBe(false);
    expect(edgeLines(graph)).toEqual([
      'pagemap_range -> kasan_add_zero_shadow@mm/kasan/init.c:1 (direct) mm/memremap.c:3',
    ]);
  });

  const kasanOff = () => {
    const base = defaultConfig('x86');
    const enabled = new Set(base.enabled);
    enabled.delete('CONFIG_KASAN');
    return { arch: 'x86', enabled, disabled: new Set([...base.disabled, 'CONFIG_KASAN']) };
  };

  it('picks the stub when the config turns KASAN off and the real definition sits under #ifdef CONFIG_KASAN', async () => {
    const guarded = { ...kasanTree, 'mm/kasan/init.c': `#ifdef CONFIG_KASAN\n${kasanTree['mm/kasan/init.c']}#endif\n` };
    const { graph } = await inlineTree(guarded, kasanOff());
    expect(graph.functions.get('kasan_add_zero_shadow@mm/kasan/init.c:2')?.enabled).toBe(false);
    expect(edgeLines(graph)).toEqual([
      'pagemap_range -> kasan_add_zero_shadow@include/linux/kasan.h:6 (direct) mm/memremap.c:3',
    ]);
  });

  it('with no Kbuild files in the tree, an unguarded real definition still beats the stub with KASAN off', async () => {
    // Nothing in the tree says mm/kasan/init.c is built only when CONFIG_KASAN=y, so it counts as built.
    const { graph } = await inlineTree(kasanTree, kasanOff());
    expect(edgeLines(graph)).toEqual([
      'pagemap_range -> kasan_add_zero_shadow@mm/kasan/init.c:1 (direct) mm/memremap.c:3',
    ]);
    expect(graph.resolver.notBuilt.size).toBe(0);
  });

  it('picks the stub with KASAN off when mm/Makefile builds kasan/ only under CONFIG_KASAN', async () => {
    const withMakefile = { ...kasanTree, 'mm/Makefile': 'obj-y += memremap.o\nobj-$(CONFIG_KASAN) += kasan/\n' };
    const { graph } = await inlineTree(withMakefile, kasanOff());
    expect(edgeLines(graph)).toEqual([
      'pagemap_range -> kasan_add_zero_shadow@include/linux/kasan.h:6 (direct) mm/memremap.c:3',
    ]);
    expect([...graph.resolver.notBuilt]).toEqual([
      ['mm/kasan/init.c', 'mm/kasan/ is not built: obj-$(CONFIG_KASAN) in mm/Makefile:2, CONFIG_KASAN unset'],
    ]);
    // Under the default config (KASAN on) the same Makefile builds it, and the real definition wins.
    const on = await inlineTree(withMakefile);
    expect(edgeLines(on.graph)).toEqual([
      'pagemap_range -> kasan_add_zero_shadow@mm/kasan/init.c:1 (direct) mm/memremap.c:3',
    ]);
  });

  const bitsTree = {
    'arch/x86/Makefile': lines('ifeq ($(CONFIG_X86_32),y)', 'BITS := 32', 'else', 'BITS := 64', 'endif', 'export BITS'),
    'arch/x86/mm/Makefile': 'obj-y := init.o init_$(BITS).o\n',
    'arch/x86/mm/init_32.c': 'void arch_remove_memory(u64 start, u64 size) { }\n',
    'arch/x86/mm/init_64.c': 'void arch_remove_memory(u64 start, u64 size) { }\n',
    'mm/memory_hotplug.c': 'void try_remove_memory(u64 start, u64 size) { arch_remove_memory(start, size); }\n',
  };

  it('picks init_64.c over init_32.c when arch/x86/mm/Makefile builds init_$(BITS).o and BITS is 64', async () => {
    const { graph } = await inlineTree(bitsTree);
    expect(edgeLines(graph)).toEqual([
      'try_remove_memory -> arch_remove_memory@arch/x86/mm/init_64.c:1 (direct) mm/memory_hotplug.c:1',
    ]);
    expect([...graph.resolver.notBuilt]).toEqual([
      ['arch/x86/mm/init_32.c', 'init_$(BITS).o in arch/x86/mm/Makefile:1 is init_64.o, BITS=64'],
    ]);
    expect(graph.notes).toEqual([]);
  });

  it('without the Makefiles the same tree keeps the old choice (file order) and says two definitions fit', async () => {
    const { 'arch/x86/Makefile': _a, 'arch/x86/mm/Makefile': _b, ...bare } = bitsTree;
    const { graph } = await inlineTree(bare);
    expect(edgeLines(graph)).toEqual([
      'try_remove_memory -> arch_remove_memory@arch/x86/mm/init_32.c:1 (direct) mm/memory_hotplug.c:1',
    ]);
    expect(graph.notes.map((n) => n.message)).toEqual([
      '2 definitions of arch_remove_memory() fit the configuration; using arch/x86/mm/init_32.c:1',
    ]);
  });

  it('still resolves to a file Kbuild does not build when no built file defines the name', async () => {
    const only32 = { ...bitsTree, 'arch/x86/mm/init_64.c': 'int other(void) { return 0; }\n' };
    const { graph } = await inlineTree(only32);
    expect(edgeLines(graph)).toEqual([
      'try_remove_memory -> arch_remove_memory@arch/x86/mm/init_32.c:1 (direct) mm/memory_hotplug.c:1',
    ]);
  });
});

describe('callback edges', () => {
  const opsTree = {
    'include/linux/memremap.h': lines(
      'struct dev_pagemap_ops {',
      '\tvoid (*page_free)(struct page *page);',
      '\tint (*migrate_to_ram)(struct vm_fault *vmf);',
      '};',
      'struct dev_pagemap {',
      '\tconst struct dev_pagemap_ops *ops;',
      '\tint type;',
      '};',
      'struct page_pool_ops {',
      '\tvoid (*page_free)(struct page *page);',
      '};',
      'struct page_pool {',
      '\tconst struct page_pool_ops *ops;',
      '};',
    ),
    'drivers/nvdimm/pmem.c': lines(
      'static void pmem_page_free(struct page *page)',
      '{',
      '}',
      'static const struct dev_pagemap_ops pmem_ops = {',
      '\t.page_free = pmem_page_free,',
      '};',
    ),
    'mm/page_pool.c': lines(
      'static void pool_page_free(struct page *page)',
      '{',
      '}',
      'static const struct page_pool_ops pool_ops = {',
      '\t.page_free = pool_page_free,',
      '};',
      'void pool_release(struct page_pool *pool, struct page *page)',
      '{',
      '\tpool->ops->page_free(page);',
      '}',
    ),
    'mm/memremap.c': lines(
      'static void dmirror_page_free(struct page *page)',
      '{',
      '}',
      'void dmirror_init(struct dev_pagemap_ops *ops)',
      '{',
      '\tops->page_free = dmirror_page_free;',
      '}',
      'void free_zone_device_page(struct dev_pagemap *pgmap, struct page *page)',
      '{',
      '\tpgmap->ops->page_free(page);',
      '}',
      'void unknown_receiver(struct page *page)',
      '{',
      '\tsomething->ops->page_free(page);',
      '}',
    ),
  };

  it('links ops dispatch to the functions bound in that struct type only, never by member name alone', async () => {
    const { graph } = await inlineTree(opsTree);
    const dispatch = edgeLines(graph).filter((l) => l.includes('(ops'));
    expect(dispatch).toEqual([
      'free_zone_device_page -> dmirror_page_free@mm/memremap.c:1 (ops via dev_pagemap_ops.page_free) mm/memremap.c:10',
      'free_zone_device_page -> pmem_page_free@drivers/nvdimm/pmem.c:1 (ops via dev_pagemap_ops.page_free) mm/memremap.c:10',
      'pool_release -> pool_page_free@mm/page_pool.c:1 (ops via page_pool_ops.page_free) mm/page_pool.c:9',
    ]);
    expect(graph.stats.unresolvedPointerCalls).toBe(1);
  });

  it('records a devm_add_action_or_reset argument as a registered callback from the registering function', async () => {
    const { graph } = await inlineTree({
      'mm/memremap.c': lines(
        'static void devm_memremap_pages_release(void *data)',
        '{',
        '\tmemunmap_pages(data);',
        '}',
        'void memunmap_pages(void *pgmap) { }',
        'void *devm_memremap_pages(struct device *dev, void *pgmap)',
        '{',
        '\tint error;',
        '',
        '\terror = devm_add_action_or_reset(dev, devm_memremap_pages_release,',
        '\t\t\tpgmap);',
        '\tif (error)',
        '\t\treturn NULL;',
        '\treturn pgmap;',
        '}',
        'void keep_pointer(void)',
        '{',
        '\tstash(memunmap_pages);',
        '}',
      ),
    });
    expect(edgeLines(graph)).toEqual([
      'devm_memremap_pages -> devm_memremap_pages_release@mm/memremap.c:1 (registered via devm_add_action_or_reset) mm/memremap.c:10',
      'devm_memremap_pages_release -> memunmap_pages@mm/memremap.c:5 (direct) mm/memremap.c:3',
      'keep_pointer -> memunmap_pages@mm/memremap.c:5 (address) mm/memremap.c:18',
    ]);
    expect(graph.stats.edges).toEqual({ direct: 1, registered: 1, callback: 0, ops: 0, address: 1 });
  });
});
