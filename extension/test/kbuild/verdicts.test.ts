// Which files Kbuild builds under the default config (x86_64, CONFIG_X86_32 unset, CONFIG_MEMORY_HOTPLUG=y),
// ESLint-style: `valid` cases are files that must count as built (decided or not), `invalid` cases are
// files left out, with the exact reason. Every tree here is a few lines written for the case.

import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/core/kernel/config.js';
import { kbuildVerdicts, type KbuildNote } from '../../src/core/kbuild/tree.js';

interface Case {
  name: string;
  tree: Record<string, string>;
  file: string;
}
interface Invalid extends Case {
  reason: string;
}

const ARCH_MAKEFILE = [
  'ifeq ($(CONFIG_X86_32),y)',
  '        BITS := 32',
  'else',
  '        BITS := 64',
  'endif',
  'export BITS',
  'core-y += arch/x86/',
].join('\n');

function verdicts(tree: Record<string, string>, extra: string[] = []) {
  const buildFiles = new Map(Object.entries(tree).filter(([p]) => /(^|\/)(Makefile|Kbuild)$/.test(p)));
  const sources = [...Object.keys(tree).filter((p) => p.endsWith('.c')), ...extra];
  return kbuildVerdicts(buildFiles, sources, defaultConfig('x86'));
}

function kbuildTester(groups: { valid: Case[]; invalid: Invalid[] }): void {
  const names = [...groups.valid, ...groups.invalid].map((c) => c.name);
  it('has distinct, non-empty case names', () => {
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.trim() !== '')).toBe(true);
  });
  for (const c of groups.valid)
    it(`builds: ${c.name}`, () => {
      const v = verdicts(c.tree, c.tree[c.file] === undefined ? [c.file] : []);
      expect(v.notBuilt.get(c.file)).toBeUndefined();
    });
  for (const c of groups.invalid)
    it(`does not build: ${c.name}`, () => {
      expect(verdicts(c.tree, c.tree[c.file] === undefined ? [c.file] : []).notBuilt.get(c.file)).toBe(c.reason);
    });
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('kbuildVerdicts', () => {
  kbuildTester({
    valid: [
      { name: 'obj-y', tree: { 'mm/Makefile': 'obj-y += a.o\n' }, file: 'mm/a.c' },
      {
        name: 'obj-$(CONFIG_X) with X enabled',
        tree: { 'mm/Makefile': 'obj-$(CONFIG_MEMORY_HOTPLUG) += a.o\n' },
        file: 'mm/a.c',
      },
      { name: 'obj-m', tree: { 'mm/Makefile': 'obj-m += a.o\n' }, file: 'mm/a.c' },
      {
        name: 'a config symbol the config does not fix',
        tree: { 'mm/Makefile': 'obj-$(CONFIG_UNFIXED) += a.o\n' },
        file: 'mm/a.c',
      },
      {
        name: 'a file no Makefile line mentions (it may be #included)',
        tree: { 'mm/Makefile': 'obj-y += a.o\n' },
        file: 'mm/included.c',
      },
      {
        name: 'both branches of an undecided ifdef',
        tree: { 'mm/Makefile': lines('ifdef CONFIG_UNFIXED', 'obj-y += a.o', 'else', 'obj-y += b.o', 'endif') },
        file: 'mm/b.c',
      },
      {
        name: 'a composite object part (foo-y)',
        tree: { 'mm/Makefile': lines('obj-y += big.o', 'big-y := a.o b.o') },
        file: 'mm/b.c',
      },
      {
        name: 'a composite object part (foo-objs)',
        tree: { 'mm/Makefile': lines('obj-y += big.o', 'big-objs := a.o') },
        file: 'mm/a.c',
      },
      {
        name: 'a helper list that may hold the object',
        tree: { 'mm/Makefile': lines('helper-$(CONFIG_UNFIXED) += a.o', 'obj-y := $(helper-y)') },
        file: 'mm/a.c',
      },
      {
        name: 'a recursive variable set after its use',
        tree: { 'mm/Makefile': lines('obj-y = $(later)', 'later := a.o') },
        file: 'mm/a.c',
      },
      {
        name: 'a continued line',
        tree: { 'mm/Makefile': lines('obj-y := x.o \\', '\t a.o') },
        file: 'mm/a.c',
      },
      {
        name: '$(BITS) with no architecture Makefile to set it',
        tree: { 'arch/x86/mm/Makefile': 'obj-y := init_$(BITS).o\n' },
        file: 'arch/x86/mm/init_32.c',
      },
      {
        name: 'init_64.c under BITS=64',
        tree: { 'arch/x86/Makefile': ARCH_MAKEFILE, 'arch/x86/mm/Makefile': 'obj-y := init_$(BITS).o\n' },
        file: 'arch/x86/mm/init_64.c',
      },
      {
        name: 'a list that takes a $(shell) result',
        tree: { 'mm/Makefile': lines('obj-$(CONFIG_X86_32) += a.o', 'obj-y += $(shell ls)') },
        file: 'mm/a.c',
      },
      {
        name: 'a Makefile that cannot be read',
        tree: { 'mm/Makefile': lines('obj-$(CONFIG_X86_32) += a.o', 'endif') },
        file: 'mm/a.c',
      },
      {
        name: 'a subdirectory under $(subst m,y,...)',
        tree: { 'mm/Makefile': 'obj-$(subst m,y,$(CONFIG_UNFIXED)) += sub/\n' },
        file: 'mm/sub/a.c',
      },
      {
        name: 'Kbuild wins over Makefile in the same directory',
        tree: { 'mm/Kbuild': 'obj-y += a.o\n', 'mm/Makefile': 'obj-$(CONFIG_X86_32) += a.o\n' },
        file: 'mm/a.c',
      },
      {
        name: 'a word after a comment sign',
        tree: { 'mm/Makefile': lines('obj-y += x.o # a.o', 'obj-$(CONFIG_X86_32) += x32.o') },
        file: 'mm/a.c',
      },
      {
        name: 'a directory its parent never mentions',
        tree: { 'mm/Makefile': 'obj-y += a.o\n' },
        file: 'mm/other/a.c',
      },
      {
        name: "another architecture's file (the resolver drops it already)",
        tree: { 'arch/arm/mm/Makefile': 'obj-$(CONFIG_X86_32) += a.o\n' },
        file: 'arch/arm/mm/a.c',
      },
      { name: 'a header', tree: { 'mm/Makefile': 'obj-$(CONFIG_X86_32) += a.o\n' }, file: 'mm/a.h' },
      {
        name: 'a top-level directory (the root is not read)',
        tree: { Kbuild: 'obj-$(CONFIG_X86_32) += mm/\n' },
        file: 'mm/a.c',
      },
    ],
    invalid: [
      {
        name: 'obj-$(CONFIG_X) with X unset',
        tree: { 'arch/x86/mm/Makefile': lines('obj-y := init.o', '', 'obj-$(CONFIG_X86_32) += pgtable_32.o') },
        file: 'arch/x86/mm/pgtable_32.c',
        reason: 'obj-$(CONFIG_X86_32) in arch/x86/mm/Makefile:3, CONFIG_X86_32 unset',
      },
      {
        name: 'lib-$(CONFIG_X) with X unset',
        tree: { 'mm/Makefile': 'lib-$(CONFIG_X86_32) += a.o\n' },
        file: 'mm/a.c',
        reason: 'lib-$(CONFIG_X86_32) in mm/Makefile:1, CONFIG_X86_32 unset',
      },
      {
        name: 'the second line of a continued assignment',
        tree: { 'mm/Makefile': lines('obj-$(CONFIG_HIGHMEM) += x.o \\', '\ta.o') },
        file: 'mm/a.c',
        reason: 'obj-$(CONFIG_HIGHMEM) in mm/Makefile:2, CONFIG_HIGHMEM unset',
      },
      {
        name: 'inside an ifdef the config decides false',
        tree: { 'mm/Makefile': lines('obj-y += x.o', 'ifdef CONFIG_X86_32', 'obj-y += a.o', 'endif') },
        file: 'mm/a.c',
        reason: 'inside ifdef CONFIG_X86_32 at mm/Makefile:2, CONFIG_X86_32 unset',
      },
      {
        name: 'inside ifneq ($(CONFIG_SMP),y)',
        tree: { 'kernel/Makefile': lines('ifneq ($(CONFIG_SMP),y)', 'obj-y += up.o', 'endif') },
        file: 'kernel/up.c',
        reason: 'inside ifneq ($(CONFIG_SMP),y) at kernel/Makefile:1, CONFIG_SMP=y',
      },
      {
        name: 'in the else branch of a true ifeq',
        tree: { 'mm/Makefile': lines('ifeq ($(CONFIG_MMU),y)', 'obj-y += a.o', 'else', 'obj-y += b.o', 'endif') },
        file: 'mm/b.c',
        reason: 'inside the else branch of ifeq ($(CONFIG_MMU),y) at mm/Makefile:3, CONFIG_MMU=y',
      },
      {
        name: 'init_$(BITS).o with BITS=64 from arch/x86/Makefile',
        tree: {
          'arch/x86/Makefile': ARCH_MAKEFILE,
          'arch/x86/mm/Makefile': lines('obj-y :=  init.o init_$(BITS).o fault.o'),
        },
        file: 'arch/x86/mm/init_32.c',
        reason: 'init_$(BITS).o in arch/x86/mm/Makefile:1 is init_64.o, BITS=64',
      },
      {
        name: 'a helper list replaced by a later :=',
        tree: {
          'mm/Makefile': lines('mmu-y := nommu.o', 'mmu-$(CONFIG_MMU) := memory.o', 'obj-y := $(mmu-y)'),
        },
        file: 'mm/nommu.c',
        reason: 'mmu-y := nommu.o in mm/Makefile:1 is replaced by mmu-$(CONFIG_MMU) := at line 2, CONFIG_MMU=y',
      },
      {
        name: 'a part of a composite object that is not built',
        tree: { 'mm/Makefile': lines('obj-$(CONFIG_X86_32) += big.o', 'big-y := a.o') },
        file: 'mm/a.c',
        reason:
          'part of big.o (big-y in mm/Makefile:2), which is not built: obj-$(CONFIG_X86_32) in mm/Makefile:1, CONFIG_X86_32 unset',
      },
      {
        name: 'a file in a subdirectory its parent does not descend into',
        tree: { 'mm/Makefile': 'obj-$(CONFIG_KMSAN) += kmsan/\n', 'mm/kmsan/Makefile': 'obj-y += core.o\n' },
        file: 'mm/kmsan/core.c',
        reason: 'mm/kmsan/ is not built: obj-$(CONFIG_KMSAN) in mm/Makefile:1, CONFIG_KMSAN unset',
      },
      {
        name: 'a file two levels under such a subdirectory',
        tree: { 'mm/Makefile': 'obj-$(CONFIG_KMSAN) += kmsan/\n' },
        file: 'mm/kmsan/deep/x.c',
        reason: 'mm/kmsan/ is not built: obj-$(CONFIG_KMSAN) in mm/Makefile:1, CONFIG_KMSAN unset',
      },
    ],
  });

  it('says which Kbuild file it could not follow, and where', () => {
    const notes: readonly KbuildNote[] = verdicts({
      'mm/Makefile': lines('obj-y += a.o', 'endif'),
      'mm/a.c': '',
    }).notes;
    expect(notes).toEqual([
      {
        file: 'mm/Makefile',
        line: 2,
        message: 'Kbuild: endif without a matching if; every file of mm/ counts as built',
      },
    ]);
  });

  it('judges nothing when the tree has no Kbuild files', () => {
    const v = verdicts({ 'mm/a.c': '' });
    expect([v.notBuilt.size, v.notes.length]).toEqual([0, 0]);
  });
});
