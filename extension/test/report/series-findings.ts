// Hand-built findings for the fixture series (test-fixtures/series/add-device-memory.mbox on
// linux-4.19-shape), true to its code: a memmap read the series moves into del_device_memory() (New on
// two paths, Fixed where hmm_devmem_release() did it before), the KASAN shadow inside the hotplug lock
// (Old), and the new paths into the helpers. Used as a fixed analyse() result by the formatter tests.

import type { Analysis } from '../../src/core/patch/review.js';
import { findingFingerprint, type ChainStep, type Finding } from '../../src/core/rules/finding.js';
import type { Snapshot } from '../../src/core/workspace/workspace.js';

function step(caller: string, callee: string, file: string, line: number, column: number): ChainStep {
  return { caller, callee, file, line, column, kind: 'direct' };
}

function finding(f: Omit<Finding, 'fingerprint' | 'related' | 'scenario' | 'severity' | 'locks'> & Partial<Finding> & { detail: string }): Finding {
  const { detail, ...rest } = f;
  return {
    severity: 'warning', locks: [], related: [], scenario: 'default', ...rest,
    fingerprint: findingFingerprint(f.ruleId, f.function, f.chain, detail),
  };
}

const memmapMessage = 'page_zone() reads the memmap of pfn start_pfn, which no path here initialized (the altmap reserve of the range is never initialized)';

function memmapRead(entry: string, callSite: ChainStep): Finding {
  return finding({
    ruleId: 'memmap-uninitialized-access', messageId: 'uninitialized', message: memmapMessage,
    location: { file: 'mm/memory_hotplug.c', line: 533, column: 8 }, function: 'del_device_memory', entry,
    chain: [callSite, step('del_device_memory', 'page_zone', 'mm/memory_hotplug.c', 533, 8)], detail: 'page_zone',
  });
}

function kasan(): Finding {
  return finding({
    ruleId: 'kasan-under-hotplug-lock', messageId: 'underLock',
    message: 'kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:210 by mem_hotplug_begin()): it allocates page tables and may sleep',
    location: { file: 'kernel/memremap.c', line: 211, column: 9 }, function: 'devm_memremap_pages', entry: 'devm_memremap_pages',
    chain: [step('devm_memremap_pages', 'kasan_add_zero_shadow', 'kernel/memremap.c', 211, 9)],
    locks: [{ lock: 'mem_hotplug_lock', mode: 'write', kind: 'percpu-rwsem', takenAt: { file: 'kernel/memremap.c', line: 210, column: 1 }, via: 'mem_hotplug_begin' }],
    detail: 'mem_hotplug_lock',
  });
}

export const BEFORE: Analysis = {
  findings: [
    kasan(),
    finding({
      ruleId: 'memmap-uninitialized-access', messageId: 'uninitialized', message: memmapMessage,
      location: { file: 'mm/hmm.c', line: 118, column: 8 }, function: 'hmm_devmem_release', entry: 'hmm_devmem_release',
      chain: [step('hmm_devmem_release', 'page_zone', 'mm/hmm.c', 118, 8)], detail: 'page_zone',
    }),
  ],
  paths: [
    'devm_memremap_pages -> arch_add_memory',
    'devm_memremap_pages_release -> arch_remove_memory',
    'hmm_devmem_pages_create -> arch_add_memory',
    'hmm_devmem_release -> arch_remove_memory',
  ],
};

export const AFTER: Analysis = {
  findings: [
    kasan(),
    memmapRead('devm_memremap_pages_release', step('devm_memremap_pages_release', 'del_device_memory', 'kernel/memremap.c', 122, 1)),
    memmapRead('hmm_devmem_release', step('hmm_devmem_release', 'del_device_memory', 'mm/hmm.c', 116, 1)),
  ],
  paths: [
    'devm_memremap_pages -> add_device_memory -> arch_add_memory',
    'devm_memremap_pages_release -> del_device_memory -> arch_remove_memory',
    'hmm_devmem_pages_create -> add_device_memory -> arch_add_memory',
    'hmm_devmem_release -> del_device_memory -> arch_remove_memory',
  ],
};

/** The analysis callback: the tree after the series is the one that defines add_device_memory(). */
export function analyse(snapshot: Snapshot): Analysis {
  const patched = [...snapshot.files.values()].some(({ facts }) => facts.functions.some((f) => f.name === 'add_device_memory'));
  return patched ? AFTER : BEFORE;
}
