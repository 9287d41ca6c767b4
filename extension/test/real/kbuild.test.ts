// Kbuild verdicts on Debian's linux-source-6.1 and -6.12, the hotplug scope as the CLI loads it: the whole
// list of C files the default config (x86_64) does not build, each with its Makefile line. Every line was
// checked with sed -n on the tree: arch/x86/mm/Makefile builds init_$(BITS).o, and arch/x86/Makefile sets
// BITS := 64 unless CONFIG_X86_32=y, so init_32.c is out and init_64.c is in.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listTreeFiles, listTreeFilesAsync } from '../../src/surfaces/node/tree.js';
import { kbuildVerdicts } from '../../src/core/kbuild/tree.js';
import { isBuildFile } from '../../src/core/workspace/workspace.js';
import { defaultConfig } from '../../src/core/kernel/config.js';
import { kernelRoot, type DebianRelease } from './kernel.js';

function verdictsOf(release: DebianRelease) {
  const root = kernelRoot(release);
  const files = listTreeFiles(root);
  const buildFiles = new Map(files.filter(isBuildFile).map((p) => [p, readFileSync(`${root}/${p}`, 'latin1')]));
  const sources = files.filter((f) => !isBuildFile(f));
  return { buildFiles, sources, ...kbuildVerdicts(buildFiles, sources, defaultConfig()) };
}

const common = (lines: {
  hotplug: [number, number, number, number, number];
  locking: number;
  kasan: [number, number];
  kmsan: number;
  mmu: [number, number];
}) => {
  const [init, x86_32, highmem, kmsanShadow, numa] = lines.hotplug;
  const kmsanDir = `mm/kmsan/ is not built: obj-$(CONFIG_KMSAN) in mm/Makefile:${lines.kmsan}, CONFIG_KMSAN unset`;
  const hw = `obj-$(CONFIG_KASAN_HW_TAGS) in mm/kasan/Makefile:${lines.kasan[0]}, CONFIG_KASAN_HW_TAGS unset`;
  const sw = `obj-$(CONFIG_KASAN_SW_TAGS) in mm/kasan/Makefile:${lines.kasan[1]}, CONFIG_KASAN_SW_TAGS unset`;
  const rt = `obj-$(CONFIG_PREEMPT_RT) in kernel/locking/Makefile:${lines.locking}, CONFIG_PREEMPT_RT unset`;
  return [
    ['arch/x86/mm/highmem_32.c', `obj-$(CONFIG_HIGHMEM) in arch/x86/mm/Makefile:${highmem}, CONFIG_HIGHMEM unset`],
    ['arch/x86/mm/init_32.c', `init_$(BITS).o in arch/x86/mm/Makefile:${init} is init_64.o, BITS=64`],
    ['arch/x86/mm/iomap_32.c', `obj-$(CONFIG_X86_32) in arch/x86/mm/Makefile:${x86_32}, CONFIG_X86_32 unset`],
    ['arch/x86/mm/kmsan_shadow.c', `obj-$(CONFIG_KMSAN) in arch/x86/mm/Makefile:${kmsanShadow}, CONFIG_KMSAN unset`],
    ['arch/x86/mm/numa_32.c', `numa_$(BITS).o in arch/x86/mm/Makefile:${numa} is numa_64.o, BITS=64`],
    ['arch/x86/mm/pgtable_32.c', `obj-$(CONFIG_X86_32) in arch/x86/mm/Makefile:${x86_32}, CONFIG_X86_32 unset`],
    ['kernel/locking/spinlock_rt.c', rt],
    ['kernel/locking/ww_rt_mutex.c', rt],
    ['kernel/up.c', 'inside ifneq ($(CONFIG_SMP),y) at kernel/Makefile:63, CONFIG_SMP=y'],
    ['mm/kasan/hw_tags.c', hw],
    ['mm/kasan/report_hw_tags.c', hw],
    ['mm/kasan/report_sw_tags.c', sw],
    ['mm/kasan/report_tags.c', hw],
    ['mm/kasan/sw_tags.c', sw],
    ['mm/kasan/tags.c', hw],
    ...['core', 'hooks', 'init', 'instrumentation', 'kmsan_test', 'report', 'shadow'].map((f) => [
      `mm/kmsan/${f}.c`,
      kmsanDir,
    ]),
    [
      'mm/nommu.c',
      `mmu-y := nommu.o in mm/Makefile:${lines.mmu[0]} is replaced by mmu-$(CONFIG_MMU) := at line ${lines.mmu[1]}, CONFIG_MMU=y`,
    ],
  ];
};

const EXPECTED: Record<DebianRelease, string[][]> = {
  '6.1': common({ hotplug: [27, 38, 44, 50, 56], locking: 29, kasan: [45, 46], kmsan: 92, mmu: [39, 40] }),
  '6.12': common({ hotplug: [30, 41, 47, 53, 59], locking: 28, kasan: [53, 54], kmsan: 90, mmu: [36, 37] }),
};

describe.each(['6.1', '6.12'] as const)('Kbuild on Debian linux-source-%s', (release) => {
  const v = verdictsOf(release);

  it('loads the Kbuild files above the scope: the architecture Makefile, arch/x86/Kbuild and each directory', () => {
    for (const p of ['arch/x86/Makefile', 'arch/x86/Kbuild', 'arch/x86/mm/Makefile', 'mm/Makefile', 'kernel/Makefile'])
      expect(v.buildFiles.has(p), p).toBe(true);
    expect(v.buildFiles.has('Makefile')).toBe(false);
  });

  it('leaves out exactly these C files, each with its Makefile line, and follows every Kbuild file', () => {
    expect([...v.notBuilt].sort(([a], [b]) => (a < b ? -1 : 1))).toEqual(EXPECTED[release]);
    expect(v.notes).toEqual([]);
  });

  it('builds init_64.c, numa_64.c and the hotplug core', () => {
    for (const f of ['arch/x86/mm/init_64.c', 'arch/x86/mm/numa_64.c', 'mm/memory_hotplug.c', 'drivers/base/memory.c'])
      expect([v.sources.includes(f), v.notBuilt.has(f)], f).toEqual([true, false]);
  });
});

describe('listing the scope without blocking', () => {
  for (const release of ['6.1', '6.12'] as const)
    it(`lists the same files as the blocking listing on linux-source-${release}`, async () => {
      const root = kernelRoot(release);
      const files = await listTreeFilesAsync(root);
      expect(files).toEqual(listTreeFiles(root));
      expect(files.filter(isBuildFile).length).toBeGreaterThan(50);
    });
});
