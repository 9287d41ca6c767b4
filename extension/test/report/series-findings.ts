// Hand-built findings for the fixture series (test-fixtures/series/add-device-memory.mbox on
// linux-4.19-shape), a subset of what `check --patch ... --scenario altmap` reports, true to its code: the
// KASAN shadow call the series moves from devm_memremap_pages() into add_device_memory() (Fixed there,
// New in the helper), the memmap read of del_device_memory() that does not skip the altmap reserve (New
// on two paths), the ignored devm_add_action() result (Old, moved by 11 lines), and the path changes.
// Used as a fixed analyse() result by the formatter tests.

import type { SideResult as Analysis } from '../../src/core/patch/review.js';
import type { Snapshot } from '../../src/core/workspace/workspace.js';
import { findingFingerprint, type Finding } from '../../src/core/model/finding.js';
import type { CallStep } from '../../src/core/model/call.js';
import type { HeldLockInfo } from '../../src/core/model/lock.js';

function step(caller: string, callee: string, file: string, line: number, column: number): CallStep {
  return { caller, callee, file, line, column, kind: 'direct' };
}

function finding(
  f: Omit<Finding, 'fingerprint' | 'related' | 'scenario' | 'severity' | 'locks'> &
    Partial<Finding> & { detail: string },
): Finding {
  const { detail, ...rest } = f;
  return {
    severity: 'warning',
    locks: [],
    related: [],
    scenario: 'altmap',
    ...rest,
    fingerprint: findingFingerprint(f.ruleId, f.function, f.chain, detail),
  };
}

function hotplugLock(file: string, line: number): HeldLockInfo {
  return {
    lock: 'mem_hotplug_lock',
    mode: 'write',
    kind: 'percpu-rwsem',
    takenAt: { file, line, column: 1 },
    via: 'mem_hotplug_begin',
  };
}

function kasanAdd(
  file: string,
  line: number,
  column: number,
  fn: string,
  chain: CallStep[],
  lockLine: number,
): Finding {
  return finding({
    ruleId: 'kasan-under-hotplug-lock',
    messageId: 'underLock',
    message: `kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:${lockLine} via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?`,
    location: { file, line, column },
    function: fn,
    entry: 'devm_memremap_pages',
    chain,
    locks: [hotplugLock('kernel/memremap.c', lockLine)],
    detail: 'kasan_add_zero_shadow|mem_hotplug_lock',
  });
}

function ignoredAction(line: number): Finding {
  return finding({
    ruleId: 'unbalanced-teardown',
    messageId: 'ignored',
    severity: 'error',
    message:
      'the result of devm_add_action() is ignored: if it fails, the release action is never registered and the teardown never runs',
    location: { file: 'kernel/memremap.c', line, column: 1 },
    function: 'devm_memremap_pages',
    entry: 'devm_memremap_pages',
    chain: [],
    detail: 'devm_add_action',
  });
}

function memmapRead(entry: string, chain: CallStep[]): Finding {
  return finding({
    ruleId: 'memmap-uninitialized-access',
    messageId: 'read',
    severity: 'error',
    message:
      'page_zone() reads the struct page of pfn 0x400000, which is reserved by the vmem_altmap for the memmap itself and never initialized',
    location: { file: 'mm/memory_hotplug.c', line: 540, column: 8 },
    function: 'del_device_memory',
    entry,
    chain,
    detail: 'page_zone|altmap-reserved',
  });
}

const releaseCallsHelper = step('devm_memremap_pages_release', 'del_device_memory', 'kernel/memremap.c', 122, 1);

export const BEFORE: Analysis = {
  findings: [kasanAdd('kernel/memremap.c', 211, 9, 'devm_memremap_pages', [], 210), ignoredAction(237)],
  paths: [
    'devm_memremap_pages() -> arch_add_memory()',
    'devm_memremap_pages() -> move_pfn_range_to_zone()',
    'devm_memremap_pages_release() -> arch_remove_memory()',
    'hmm_devmem_pages_create() -> arch_add_memory()',
    'hmm_devmem_release() -> arch_remove_memory()',
  ],
};

export const AFTER: Analysis = {
  findings: [
    kasanAdd(
      'mm/memory_hotplug.c',
      498,
      8,
      'add_device_memory',
      [step('devm_memremap_pages', 'add_device_memory', 'kernel/memremap.c', 210, 9)],
      209,
    ),
    memmapRead('devm_memremap_pages', [
      {
        caller: 'devm_memremap_pages',
        callee: 'devm_memremap_pages_release',
        file: 'kernel/memremap.c',
        line: 226,
        column: 1,
        kind: 'registered',
        via: 'devm_add_action',
      },
      releaseCallsHelper,
    ]),
    memmapRead('devm_memremap_pages_release', [releaseCallsHelper]),
    ignoredAction(226),
  ],
  paths: [
    'devm_memremap_pages() -> add_device_memory() -> arch_add_memory()',
    'devm_memremap_pages() -> add_device_memory() -> move_pfn_range_to_zone()',
    'devm_memremap_pages_release() -> del_device_memory() -> arch_remove_memory()',
    'hmm_devmem_pages_create() -> add_device_memory() -> arch_add_memory()',
    'hmm_devmem_release() -> del_device_memory() -> arch_remove_memory()',
  ],
};

/** The analysis callback: the tree after the series is the one that defines add_device_memory(). */
export function analyse(snapshot: Snapshot): Analysis {
  const patched = [...snapshot.files.values()].some(({ facts }) =>
    facts.functions.some((f) => f.name === 'add_device_memory'),
  );
  return patched ? AFTER : BEFORE;
}

/**
 * A New finding on a line the series does not touch (`__offline_pages()` reading the memmap at
 * mm/memory_hotplug.c:757 after the series), reached from two entries: the email cannot quote it.
 */
export function untouchedLineAnalysis(snapshot: Snapshot): Analysis {
  if (analyse(snapshot) === BEFORE) return { findings: [], paths: [] };
  const read = (entry: string, chain: CallStep[]) =>
    finding({
      ruleId: 'memmap-uninitialized-access',
      messageId: 'read',
      severity: 'error',
      message:
        'page_zone() reads the struct page of pfn 0x400000, which is allocated by add_pages() but not yet initialized',
      location: { file: 'mm/memory_hotplug.c', line: 757, column: 8 },
      function: '__offline_pages',
      entry,
      chain,
      detail: 'page_zone|uninitialized',
    });
  return {
    findings: [
      read('offline_pages', [step('offline_pages', '__offline_pages', 'mm/memory_hotplug.c', 836, 8)]),
      read('__offline_pages', []),
    ],
    paths: [],
  };
}
