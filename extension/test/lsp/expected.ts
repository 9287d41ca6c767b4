// What the language server answers on the fixture tree's kernel/memremap.c, shared by the tests that read it
// through the protocol's Node client, Neovim and Emacs.

/** The diagnostics of kernel/memremap.c: 1-based line, 0-based column, LSP severity, rule and message. */
export const memremapDiagnostics = [
  {
    line: 124,
    column: 1,
    severity: 2,
    code: 'kasan-under-hotplug-lock',
    message:
      'kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:121 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
  },
  {
    line: 211,
    column: 9,
    severity: 2,
    code: 'kasan-under-hotplug-lock',
    message:
      'kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:210 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
  },
  {
    line: 237,
    column: 1,
    severity: 1,
    code: 'unbalanced-teardown',
    message:
      'the result of devm_add_action() is ignored: if it fails, the release action is never registered and the teardown never runs',
  },
  {
    line: 242,
    column: 1,
    severity: 2,
    code: 'inconsistent-lock-context',
    message:
      'kasan_remove_zero_shadow() is called here without mem_hotplug_lock, but with mem_hotplug_lock held at kernel/memremap.c:124 (reached from the same entry, devm_memremap_pages())',
  },
];

/** The hover on the kasan_add_zero_shadow() call at kernel/memremap.c:211, column 13. */
export const kasanAddHover = [
  '**kasan\\_add\\_zero\\_shadow()** on 1 traced chain (scenario default)',
  '',
  '- devm\\_memremap\\_pages\\(\\) \\-\\> kasan\\_add\\_zero\\_shadow\\(\\)',
  '  - locks held: device\\.mutex (exclusive, taken at kernel/memremap\\.c\\:142 \\(caller \\(driver probe holds device\\_lock\\(\\)\\)\\)); cpu\\_hotplug\\_lock (read, taken at kernel/memremap\\.c\\:210 via mem\\_hotplug\\_begin\\(\\)); mem\\_hotplug\\_lock (write, taken at kernel/memremap\\.c\\:210 via mem\\_hotplug\\_begin\\(\\))',
  '',
  '| zone model | before | after |',
  '|---|---|---|',
  '| node 0 span | 0x0\\-0x200000 | 0x0\\-0x200000 |',
  '| ZONE\\_DMA | 0x1\\-0x1000 | 0x1\\-0x1000 |',
  '| ZONE\\_DMA32 | 0x1000\\-0x100000 | 0x1000\\-0x100000 |',
  '| ZONE\\_NORMAL | 0x100000\\-0x200000 | 0x100000\\-0x200000 |',
  '| ZONE\\_DEVICE | empty | empty |',
  '| sections 128\\-135 | absent | absent |',
  '| memmap | absent | absent |',
  '| linear map | no | no |',
  '| KASAN shadow | no | **yes** |',
  '| PAT tracked | yes | yes |',
  '',
  '**Findings here**',
  '- warning \\[kasan\\-under\\-hotplug\\-lock\\] kasan\\_add\\_zero\\_shadow\\(\\) called with mem\\_hotplug\\_lock held \\(mem\\_hotplug\\_lock taken at kernel/memremap\\.c\\:210 via mem\\_hotplug\\_begin\\(\\)\\)\\: it allocates page tables and may sleep; could it run before mem\\_hotplug\\_begin\\(\\)?',
].join('\n');
