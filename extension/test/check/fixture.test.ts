// `check` as a user runs it, on the embedded 4.19-shape fixture and on the 6.x-shape one: the first line
// of every finding, exit codes, JSON shape, --rule, --scenario (shipped and JSON file). simulate: simulate.test.ts
// (4.19-shape) and simulate-6x.test.ts.
// Each pinned finding was checked against the fixture source (see the comments at each list).

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCli, writeTree } from '../cli/run-cli.js';

let cache: string;
let scratch: string;
beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
  scratch = writeTree({});
});
afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

const TREE_6X = ['--tree', 'test-fixtures/linux-6.x-shape'];

/** The grep-able first line of each finding (chains are indented under it). */
function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S+:\d+ \S+\(\) (error|warn|info): \[/.test(l));
}

function summary(stdout: string): string | undefined {
  return stdout.split('\n').find((l) => /^\d+ findings? \(/.test(l));
}

// 4.19-shape, judged against the source:
// - arch/x86/mm/init_64.c:79: remove_memory()/__remove_memory() run on memory that is offline, and it may
//   never have been onlined (hot-added, then ejected): 4.19 leaves the memmap of such memory uninitialized
//   (only move_pfn_range_to_zone() at online time initializes it), and arch_remove_memory() reads
//   page_zone(pfn_to_page(start_pfn)) of it - real (DOMAIN pattern; README: planted on purpose; upstream
//   stopped reading the zone here when 5.5 moved zone shrinking to offline_pages()).
// - kernel/memremap.c:124 and :211: the shadow calls sit inside mem_hotplug_begin()/done() (the review's
//   open question) - real. :124 is reached from devm_memremap_pages() too, through the release its
//   devm_add_action() registers (the probe returns a non-NULL pointer on success).
// - kernel/memremap.c:237: devm_add_action()'s result is dropped - real (DOMAIN pattern).
// - kernel/memremap.c:242: err_add_memory: unwinds the shadow after mem_hotplug_done() while the release
//   at :124 does it under the lock, from the same entry - real (the 4.19 form of the 6.1 :277 pattern).
// - mm/hmm.c:222: error_add_memory: untracks a range HMM never tracked - real (README: real 4.19 code).
const FINDINGS_419 = [
  'arch/x86/mm/init_64.c:79 arch_remove_memory() error: [memmap-uninitialized-access] page_zone() reads the struct page of pfn 0x400000, which is allocated by add_pages() but not yet initialized (move_pfn_range_to_zone()/memmap_init_zone_device() has not run)',
  'kernel/memremap.c:124 devm_memremap_pages_release() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:121 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
  'kernel/memremap.c:211 devm_memremap_pages() warn: [kasan-under-hotplug-lock] kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:210 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
  'kernel/memremap.c:237 devm_memremap_pages() error: [unbalanced-teardown] the result of devm_add_action() is ignored: if it fails, the release action is never registered and the teardown never runs',
  'kernel/memremap.c:242 devm_memremap_pages() warn: [inconsistent-lock-context] kasan_remove_zero_shadow() is called here without mem_hotplug_lock, but with mem_hotplug_lock held at kernel/memremap.c:124 (reached from the same entry, devm_memremap_pages())',
  'mm/hmm.c:222 hmm_devmem_pages_create() error: [unbalanced-teardown] untrack_pfn() without a track_pfn_remap() of that range on this path',
];

/** Rule ids of FINDINGS_419, to drop or re-grade them the way --rule does. */
const ruleOf = (line: string) => /\[([\w-]+)\]/.exec(line)![1]!;

// Truncation notes: the __offline_pages() retry loop, and a callee whose memoized replay is reached by more
// chains than the engine re-reports (pgmap_radix_release()). Lock wrappers (mem_hotplug_done(),
// pgdat_resize_lock()/unlock()) are replayed at every call, not memoized, so nothing inside them is cut.
const NOTES_419 = [
  'note: mm/memory_hotplug.c:662 __offline_pages(): goto failed_removal followed 4 times, further rounds dropped',
  'note: mm/memory_hotplug.c:662 __offline_pages(): goto repeat followed 4 times, further rounds dropped',
  'note: pgmap_radix_release(): reached by more than 4 call chains from devm_memremap_pages(); findings inside it are reported for the first 4',
];

// 6.x-shape, judged against the source:
// - mm/memremap.c:78 (pageunmap_range) and :184 (pagemap_range): shadow calls inside the lock - real.
// - mm/memremap.c:220: pagemap_range()'s err_add_memory unwinds the shadow after mem_hotplug_done()
//   while pageunmap_range() (run by devm_add_action_or_reset() on failure) holds the lock - real, the
//   DOMAIN pattern.

const FINDINGS_6X = [
  'mm/memremap.c:78 pageunmap_range() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at mm/memremap.c:69 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
  'mm/memremap.c:184 pagemap_range() warn: [kasan-under-hotplug-lock] kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at mm/memremap.c:172 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
  'mm/memremap.c:220 pagemap_range() warn: [inconsistent-lock-context] kasan_remove_zero_shadow() is called here without mem_hotplug_lock, but with mem_hotplug_lock held at mm/memremap.c:78 (reached from the same entry, devm_memremap_pages())',
];

describe('check on the embedded 4.19-shape fixture', () => {
  it('prints the pinned findings with their chains and exits 1 (error-severity findings)', () => {
    const run = runCli(['check'], cache);
    expect(run.stderr).toBe('');
    expect(findingLines(run.stdout)).toEqual(FINDINGS_419);
    expect(summary(run.stdout)).toBe('9 findings (5 error, 4 warning, 0 info)');
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('note: ')),
    ).toEqual(NOTES_419);
    const lines = run.stdout.split('\n');
    const chainsOf = (finding: string, count: number) =>
      lines.slice(lines.indexOf(finding) + 1, lines.indexOf(finding) + 1 + count);
    // The memmap read is reached from both RAM removal entries; each chain is printed under the one line.
    expect(chainsOf(FINDINGS_419[0]!, 6)).toEqual([
      '    remove_memory() -> __remove_memory() -> arch_remove_memory()',
      '      mm/memory_hotplug.c:800 remove_memory() -> __remove_memory()',
      '      mm/memory_hotplug.c:790 __remove_memory() -> arch_remove_memory()',
      '    __remove_memory() -> arch_remove_memory()',
      '      mm/memory_hotplug.c:790 __remove_memory() -> arch_remove_memory()',
      FINDINGS_419[1],
    ]);
    // The release is reached from the probe that registers it, and as an entry of its own.
    expect(chainsOf(FINDINGS_419[1]!, 4)).toEqual([
      '    devm_memremap_pages() -> devm_memremap_pages_release()',
      '      kernel/memremap.c:237 devm_memremap_pages() -> devm_memremap_pages_release() [registered callback via devm_add_action()]',
      '    in devm_memremap_pages_release() itself',
      FINDINGS_419[2],
    ]);
    // The HMM finding is reached from two entries; both chains are printed under the one line.
    expect(chainsOf(FINDINGS_419[5]!, 4)).toEqual([
      '    hmm_devmem_add() -> hmm_devmem_pages_create()',
      '      mm/hmm.c:296 hmm_devmem_add() -> hmm_devmem_pages_create()',
      '    in hmm_devmem_pages_create() itself',
      '9 findings (5 error, 4 warning, 0 info)',
    ]);
    expect(run.code).toBe(1);
  });

  it('--format json: scenario, entries, findings with location, locks (where taken, via which call), chain and notes', () => {
    const run = runCli(['check', '--format', 'json'], cache);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as {
      scenario: string;
      entries: string[];
      roots: { name: string; kind: string; why: string; declaredAt?: { file: string; line: number } }[];
      findings: Record<string, unknown>[];
      notes: string[];
      completeness: unknown;
    };
    expect(Object.keys(doc)).toEqual(['scenario', 'entries', 'roots', 'findings', 'notes', 'completeness']);
    expect(doc.completeness).toEqual({
      answer: 'complete',
      mode: 'full',
      parsed: 40,
      files: 40,
      rounds: 1,
      leftOut: 'nothing',
    });
    expect(doc.scenario).toBe('default');
    expect(doc.entries).toEqual([
      'devm_memremap_pages',
      'devm_memremap_pages_release',
      'hmm_devmem_add',
      'hmm_devmem_pages_create',
      'hmm_devmem_release',
      'add_memory',
      'add_memory_resource',
      'remove_memory',
      '__remove_memory',
      'online_pages',
      'offline_pages',
      'memory_subsys_online',
      'memory_subsys_offline',
      'state_store',
      'probe_store',
      '__offline_pages',
    ]);
    expect(
      doc.roots
        .filter((r) => r.kind !== 'entry')
        .map((r) => `${r.name}: ${r.why} at ${r.declaredAt?.file}:${r.declaredAt?.line}`),
    ).toEqual([
      'state_store: sysfs store (DEVICE_ATTR_WO(state)) at drivers/base/memory.c:168',
      'probe_store: sysfs store (DEVICE_ATTR_WO(probe)) at drivers/base/memory.c:203',
      '__offline_pages: takes start_isolate_page_range() in its own body: replayed for its setup pairs only at undefined:undefined',
    ]);
    expect(
      doc.findings.map(
        (f) =>
          `${(f.location as { file: string }).file}:${(f.location as { line: number }).line} ${f.ruleId as string} ${f.entry as string}`,
      ),
    ).toEqual([
      'arch/x86/mm/init_64.c:79 memmap-uninitialized-access remove_memory',
      'arch/x86/mm/init_64.c:79 memmap-uninitialized-access __remove_memory',
      'kernel/memremap.c:124 kasan-under-hotplug-lock devm_memremap_pages',
      'kernel/memremap.c:124 kasan-under-hotplug-lock devm_memremap_pages_release',
      'kernel/memremap.c:211 kasan-under-hotplug-lock devm_memremap_pages',
      'kernel/memremap.c:237 unbalanced-teardown devm_memremap_pages',
      'kernel/memremap.c:242 inconsistent-lock-context devm_memremap_pages',
      'mm/hmm.c:222 unbalanced-teardown hmm_devmem_add',
      'mm/hmm.c:222 unbalanced-teardown hmm_devmem_pages_create',
    ]);
    const memmap = doc.findings[0]!;
    expect(memmap).toMatchObject({
      severity: 'error',
      messageId: 'read',
      location: { file: 'arch/x86/mm/init_64.c', line: 79, column: 8 },
      function: 'arch_remove_memory',
      scenario: 'default',
    });
    expect(memmap.chain).toEqual([
      {
        caller: 'remove_memory',
        callee: '__remove_memory',
        file: 'mm/memory_hotplug.c',
        line: 800,
        column: 1,
        kind: 'direct',
      },
      {
        caller: '__remove_memory',
        callee: 'arch_remove_memory',
        file: 'mm/memory_hotplug.c',
        line: 790,
        column: 1,
        kind: 'direct',
      },
    ]);
    expect(memmap.model).toEqual([{ what: 'memmap of pfn 0x400000', before: 'uninitialized', after: 'uninitialized' }]);
    expect((memmap.locks as { lock: string }[]).map((l) => l.lock)).toEqual([
      'device_hotplug_lock',
      'cpu_hotplug_lock',
      'mem_hotplug_lock',
    ]);
    const kasan = doc.findings[4]!;
    expect(Object.keys(kasan).sort()).toEqual([
      'chain',
      'entry',
      'fingerprint',
      'function',
      'location',
      'locks',
      'message',
      'messageId',
      'related',
      'ruleId',
      'scenario',
      'severity',
    ]);
    expect(kasan).toMatchObject({
      severity: 'warning',
      messageId: 'underLock',
      location: { file: 'kernel/memremap.c', line: 211, column: 9 },
      function: 'devm_memremap_pages',
      chain: [],
      scenario: 'default',
    });
    expect(kasan.locks).toEqual([
      {
        lock: 'device.mutex',
        mode: 'exclusive',
        kind: 'mutex',
        takenAt: { file: 'kernel/memremap.c', line: 142, column: 0 },
        via: 'caller (driver probe holds device_lock())',
      },
      {
        lock: 'cpu_hotplug_lock',
        mode: 'read',
        kind: 'percpu-rwsem',
        takenAt: { file: 'kernel/memremap.c', line: 210, column: 1 },
        via: 'mem_hotplug_begin',
      },
      {
        lock: 'mem_hotplug_lock',
        mode: 'write',
        kind: 'percpu-rwsem',
        takenAt: { file: 'kernel/memremap.c', line: 210, column: 1 },
        via: 'mem_hotplug_begin',
      },
    ]);
    expect(doc.findings[7]!.chain as unknown[]).toEqual([
      {
        caller: 'hmm_devmem_add',
        callee: 'hmm_devmem_pages_create',
        file: 'mm/hmm.c',
        line: 296,
        column: 7,
        kind: 'direct',
      },
    ]);
    expect(doc.notes).toEqual(NOTES_419.map((n) => n.slice('note: '.length)));
  });

  it('--rule kasan-under-hotplug-lock=off drops that rule only; the exit code still follows the errors', () => {
    const run = runCli(['check', '--rule', 'kasan-under-hotplug-lock=off'], cache);
    expect(findingLines(run.stdout)).toEqual(FINDINGS_419.filter((l) => ruleOf(l) !== 'kasan-under-hotplug-lock'));
    expect(summary(run.stdout)).toBe('6 findings (5 error, 1 warning, 0 info)');
    expect(run.code).toBe(1);
  });

  it('--rule unbalanced-teardown=warning re-grades that rule only; with memmap-uninitialized-access=warning too no error is left, so it exits 0', () => {
    const run = runCli(['check', '--rule', 'unbalanced-teardown=warning'], cache);
    expect(findingLines(run.stdout)).toEqual(
      FINDINGS_419.map((l) => l.replace(' error: [unbalanced-teardown]', ' warn: [unbalanced-teardown]')),
    );
    expect(summary(run.stdout)).toBe('9 findings (2 error, 7 warning, 0 info)');
    expect(run.code).toBe(1);
    const both = runCli(
      ['check', '--rule', 'unbalanced-teardown=warning', '--rule', 'memmap-uninitialized-access=warning'],
      cache,
    );
    expect(summary(both.stdout)).toBe('9 findings (0 error, 9 warning, 0 info)');
    expect(both.code).toBe(0);
  });

  it('bad --rule values exit 2 with a one-line reason', () => {
    const bad = runCli(['check', '--rule', 'bad=x'], cache);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('memhp-review: --rule bad=x: expected ID=off|info|warning|error\n');
    const unknown = runCli(['check', '--rule', 'no-such-rule=off'], cache);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'memhp-review: --rule no-such-rule=off: no rule no-such-rule (rules: kasan-under-hotplug-lock, requires-lock, ' +
        'lock-held-at-return, unlock-not-held, double-lock, lock-order-inversion, sleep-in-atomic, ' +
        'inconsistent-lock-context, memmap-uninitialized-access, zone-span-stale, unbalanced-teardown, ' +
        'undeclared-identifier, prototype-mismatch)\n',
    );
  });

  it('--scenario altmap: the same findings (x86 arch_remove_memory() skips the reserve; RAM removal passes no altmap), each tagged with the scenario', () => {
    const run = runCli(['check', '--scenario', 'altmap', '--format', 'json'], cache);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as {
      scenario: string;
      findings: { scenario: string; location: { line: number } }[];
    };
    expect(doc.scenario).toBe('altmap');
    expect(doc.findings.map((f) => `${f.location.line} ${f.scenario}`)).toEqual([
      '79 altmap',
      '79 altmap',
      '124 altmap',
      '124 altmap',
      '211 altmap',
      '237 altmap',
      '242 altmap',
      '222 altmap',
      '222 altmap',
    ]);
  });

  it('bad --scenario values exit 2 naming the file and the problem', () => {
    const negative = join(scratch, 'negative.json');
    writeFileSync(negative, '{"device": {"size": -1}}');
    const run = runCli(['check', '--scenario', negative], cache);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`memhp-review: --scenario ${negative}: device.size must be a non-negative number\n`);
    const unknown = runCli(['check', '--scenario', 'no-such-scenario'], cache);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'memhp-review: --scenario no-such-scenario: no such file, and not a shipped scenario (default, altmap, device-private, unaligned)\n',
    );
  });
});

describe('check --tree test-fixtures/linux-6.x-shape', () => {
  it('prints the pinned findings, each with every chain from the entries that reach it, and exits 0 (warnings only)', () => {
    const run = runCli(['check', ...TREE_6X], cache);
    expect(run.stderr).toBe('');
    expect(findingLines(run.stdout)).toEqual(FINDINGS_6X);
    expect(summary(run.stdout)).toBe('6 findings (0 error, 6 warning, 0 info)');
    const lines = run.stdout.split('\n');
    const at = lines.indexOf(FINDINGS_6X[0]!);
    expect(lines.slice(at + 1, at + 10)).toEqual([
      '    devm_memremap_pages() -> devm_memremap_pages_release() -> memunmap_pages() -> pageunmap_range()',
      '      mm/memremap.c:334 devm_memremap_pages() -> devm_memremap_pages_release() [registered callback via devm_add_action_or_reset()]',
      '      mm/memremap.c:108 devm_memremap_pages_release() -> memunmap_pages()',
      '      mm/memremap.c:99 memunmap_pages() -> pageunmap_range()',
      '    devm_memremap_pages_release() -> memunmap_pages() -> pageunmap_range()',
      '      mm/memremap.c:108 devm_memremap_pages_release() -> memunmap_pages()',
      '      mm/memremap.c:99 memunmap_pages() -> pageunmap_range()',
      '    memunmap_pages() -> pageunmap_range()',
      '      mm/memremap.c:99 memunmap_pages() -> pageunmap_range()',
    ]);
    expect(run.code).toBe(0);
  });

  it('a scenario JSON file with device-private memory takes the add_pages() branches: no shadow calls, no findings', () => {
    const file = join(scratch, 'private.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'private-32g',
        device: { start: 32 * 2 ** 30, type: 'MEMORY_DEVICE_PRIVATE', desc: 'IORES_DESC_DEVICE_PRIVATE_MEMORY' },
      }),
    );
    const run = runCli(['check', ...TREE_6X, '--scenario', file, '--format', 'json'], cache);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout) as { scenario: string; findings: unknown[] };
    expect(doc.scenario).toBe('private-32g');
    expect(doc.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('--scenario unaligned keeps the same findings: the ZONE_DEVICE span is kept by design and the teardown starts aligned', () => {
    const run = runCli(['check', ...TREE_6X, '--scenario', 'unaligned'], cache);
    expect(findingLines(run.stdout)).toEqual(FINDINGS_6X);
    expect(run.code).toBe(0);
  });
});
