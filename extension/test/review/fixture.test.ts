// Issue 4 "Done when", fixture half: `check --patch` on the embedded 4.19-shape tree, run as a user runs it.
// Every line below was checked with grep -n against the mbox and the tree after `git am` of the series
// (the tables in test-fixtures/README.md). The series moves the KASAN shadow calls of kernel/memremap.c
// into add/del_device_memory(), still under the callers' mem_hotplug_begin().

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, type CliRun } from '../cli/run-cli.js';
import { brief, checkPatch, reviewJson, section, type ReviewJson } from './review-cli.js';

const SERIES = 'test-fixtures/series/add-device-memory.mbox';
const VARIANTS = 'test-fixtures/series/variants';
const MALFORMED = `${VARIANTS}/malformed`;

let cache: string;
beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('the add/del_device_memory series on linux-4.19-shape', () => {
  let text: CliRun;
  let json: ReviewJson;
  beforeAll(() => {
    text = checkPatch([SERIES], cache);
    const r = reviewJson([SERIES], cache);
    expect(r.run.code).toBe(0);
    json = r.json;
  });

  it('applies every hunk cleanly and exits 0 (the New findings are warnings)', () => {
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n').slice(0, 15)).toEqual([
      'Cover letter: [PATCH 0/5] mm/memory_hotplug: Factor out ZONE_DEVICE hot-add/remove',
      'Applying: [PATCH 1/5] mm/memory_hotplug: Add prototypes for add/del_device_memory',
      '  include/linux/memory_hotplug.h hunk #1: applied cleanly at line 91',
      'Applying: [PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions',
      '  mm/memory_hotplug.c hunk #1: applied cleanly at line 472',
      'Applying: [PATCH 3/5] kernel/memremap: Use add/del_device_memory',
      '  kernel/memremap.c hunk #1: applied cleanly at line 119',
      '  kernel/memremap.c hunk #2: applied cleanly at line 207',
      '  kernel/memremap.c hunk #3: applied cleanly at line 228',
      'Applying: [PATCH 4/5] mm/hmm: Use add/del_device_memory',
      '  mm/hmm.c hunk #1: applied cleanly at line 102',
      '  mm/hmm.c hunk #2: applied cleanly at line 112',
      '  mm/hmm.c hunk #3: applied cleanly at line 185',
      'Applying: [PATCH 5/5] mm/memory_hotplug: Document the hotplug lock around the device memory helpers',
      '  include/linux/memory_hotplug.h hunk #1: applied cleanly at line 95',
    ]);
  });

  it('reports kasan-under-hotplug-lock as New at the shadow calls the helpers now make, tied to their + lines', () => {
    expect(json.findings.new.map(brief)).toEqual([
      `kasan-under-hotplug-lock mm/memory_hotplug.c:498 add_device_memory() <- devm_memremap_pages [devm_memremap_pages -> add_device_memory] +${SERIES}:154 mail 2 hunk 1`,
      `kasan-under-hotplug-lock mm/memory_hotplug.c:503 add_device_memory() <- devm_memremap_pages [devm_memremap_pages -> add_device_memory] +${SERIES}:159 mail 2 hunk 1`,
      `kasan-under-hotplug-lock mm/memory_hotplug.c:544 del_device_memory() <- devm_memremap_pages [devm_memremap_pages -> devm_memremap_pages_release -> del_device_memory] +${SERIES}:200 mail 2 hunk 1`,
      `kasan-under-hotplug-lock mm/memory_hotplug.c:544 del_device_memory() <- devm_memremap_pages_release [devm_memremap_pages_release -> del_device_memory] +${SERIES}:200 mail 2 hunk 1`,
    ]);
    // The lock is the caller's: devm_memremap_pages() takes it at kernel/memremap.c:209, the release at :121.
    expect(section(text.stdout, 'New findings:').filter((l) => l.startsWith('>> '))).toEqual([
      '>> mm/memory_hotplug.c:498 add_device_memory() warn: [kasan-under-hotplug-lock] kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:209 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
      '>> mm/memory_hotplug.c:503 add_device_memory() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:209 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
      '>> mm/memory_hotplug.c:544 del_device_memory() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:121 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
    ]);
  });

  it('reports the shadow calls kernel/memremap.c no longer makes as Fixed, tied to their - lines', () => {
    expect(json.findings.fixed.map(brief)).toEqual([
      `kasan-under-hotplug-lock kernel/memremap.c:124 devm_memremap_pages_release() <- devm_memremap_pages [devm_memremap_pages -> devm_memremap_pages_release] -${SERIES}:239 mail 3 hunk 1`,
      `kasan-under-hotplug-lock kernel/memremap.c:124 devm_memremap_pages_release() <- devm_memremap_pages_release -${SERIES}:239 mail 3 hunk 1`,
      `kasan-under-hotplug-lock kernel/memremap.c:211 devm_memremap_pages() <- devm_memremap_pages -${SERIES}:249 mail 3 hunk 2`,
      // The unlocked kasan_remove_zero_shadow() of the err_add_memory ladder went with it.
      `inconsistent-lock-context kernel/memremap.c:242 devm_memremap_pages() <- devm_memremap_pages -${SERIES}:268 mail 3 hunk 3`,
    ]);
  });

  it('keeps what the series does not touch as Old, at its line after the series', () => {
    expect(json.findings.old.map(brief)).toEqual([
      'memmap-uninitialized-access arch/x86/mm/init_64.c:79 arch_remove_memory() <- remove_memory [remove_memory -> __remove_memory -> arch_remove_memory]',
      'memmap-uninitialized-access arch/x86/mm/init_64.c:79 arch_remove_memory() <- __remove_memory [__remove_memory -> arch_remove_memory]',
      'unbalanced-teardown kernel/memremap.c:226 devm_memremap_pages() <- devm_memremap_pages',
      'unbalanced-teardown mm/hmm.c:205 hmm_devmem_pages_create() <- hmm_devmem_add [hmm_devmem_add -> hmm_devmem_pages_create]',
      'unbalanced-teardown mm/hmm.c:205 hmm_devmem_pages_create() <- hmm_devmem_pages_create',
    ]);
    // The ignored devm_add_action() result was at kernel/memremap.c:237 before the series.
    expect(json.findings.old[2]!.before).toEqual({ file: 'kernel/memremap.c', line: 237, column: 1 });
    expect(json.summary).toEqual({
      new: 4,
      fixed: 4,
      old: 5,
      hunks: 9,
      applied: 9,
      offset: 0,
      fuzz: 0,
      failed: 0,
      problems: 0,
    });
  });

  it('counts findings in the text summary as the lists show them: one per line and message', () => {
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('3 new, 3 fixed, 3 old; 9 of 9 hunks applied');
    expect(section(text.stdout, 'Fixed findings:').filter((l) => /^ {3}\S/.test(l))).toHaveLength(3);
  });

  it('lists the new paths into the helpers and the open-coded paths that went away', () => {
    const added = [
      'devm_memremap_pages() -> add_device_memory()',
      'devm_memremap_pages() -> add_device_memory() -> add_pages()',
      'devm_memremap_pages() -> add_device_memory() -> add_pages() -> __add_pages()',
      'devm_memremap_pages() -> add_device_memory() -> arch_add_memory()',
      'devm_memremap_pages() -> add_device_memory() -> arch_add_memory() -> add_pages()',
      'devm_memremap_pages() -> add_device_memory() -> arch_add_memory() -> add_pages() -> __add_pages()',
      'devm_memremap_pages() -> add_device_memory() -> move_pfn_range_to_zone()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> del_device_memory()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> del_device_memory() -> __remove_pages()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> del_device_memory() -> arch_remove_memory()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> del_device_memory() -> arch_remove_memory() -> __remove_pages()',
      'devm_memremap_pages_release() -> del_device_memory()',
      'devm_memremap_pages_release() -> del_device_memory() -> __remove_pages()',
      'devm_memremap_pages_release() -> del_device_memory() -> arch_remove_memory()',
      'devm_memremap_pages_release() -> del_device_memory() -> arch_remove_memory() -> __remove_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_device_memory()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_device_memory() -> add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_device_memory() -> add_pages() -> __add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_device_memory() -> arch_add_memory()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_device_memory() -> arch_add_memory() -> add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_device_memory() -> arch_add_memory() -> add_pages() -> __add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_device_memory() -> move_pfn_range_to_zone()',
      'hmm_devmem_add() -> hmm_devmem_release() -> del_device_memory()',
      'hmm_devmem_add() -> hmm_devmem_release() -> del_device_memory() -> __remove_pages()',
      'hmm_devmem_add() -> hmm_devmem_release() -> del_device_memory() -> arch_remove_memory()',
      'hmm_devmem_add() -> hmm_devmem_release() -> del_device_memory() -> arch_remove_memory() -> __remove_pages()',
      'hmm_devmem_pages_create() -> add_device_memory()',
      'hmm_devmem_pages_create() -> add_device_memory() -> add_pages()',
      'hmm_devmem_pages_create() -> add_device_memory() -> add_pages() -> __add_pages()',
      'hmm_devmem_pages_create() -> add_device_memory() -> arch_add_memory()',
      'hmm_devmem_pages_create() -> add_device_memory() -> arch_add_memory() -> add_pages()',
      'hmm_devmem_pages_create() -> add_device_memory() -> arch_add_memory() -> add_pages() -> __add_pages()',
      'hmm_devmem_pages_create() -> add_device_memory() -> move_pfn_range_to_zone()',
      'hmm_devmem_release() -> del_device_memory()',
      'hmm_devmem_release() -> del_device_memory() -> __remove_pages()',
      'hmm_devmem_release() -> del_device_memory() -> arch_remove_memory()',
      'hmm_devmem_release() -> del_device_memory() -> arch_remove_memory() -> __remove_pages()',
    ];
    const removed = [
      'devm_memremap_pages() -> arch_add_memory()',
      'devm_memremap_pages() -> arch_add_memory() -> add_pages()',
      'devm_memremap_pages() -> arch_add_memory() -> add_pages() -> __add_pages()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> arch_remove_memory()',
      'devm_memremap_pages() -> devm_memremap_pages_release() -> arch_remove_memory() -> __remove_pages()',
      'devm_memremap_pages() -> move_pfn_range_to_zone()',
      'devm_memremap_pages_release() -> arch_remove_memory()',
      'devm_memremap_pages_release() -> arch_remove_memory() -> __remove_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> add_pages() -> __add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> arch_add_memory()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> arch_add_memory() -> add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> arch_add_memory() -> add_pages() -> __add_pages()',
      'hmm_devmem_add() -> hmm_devmem_pages_create() -> move_pfn_range_to_zone()',
      'hmm_devmem_add() -> hmm_devmem_release() -> __remove_pages()',
      'hmm_devmem_add() -> hmm_devmem_release() -> arch_remove_memory()',
      'hmm_devmem_add() -> hmm_devmem_release() -> arch_remove_memory() -> __remove_pages()',
      'hmm_devmem_pages_create() -> add_pages()',
      'hmm_devmem_pages_create() -> add_pages() -> __add_pages()',
      'hmm_devmem_pages_create() -> arch_add_memory()',
      'hmm_devmem_pages_create() -> arch_add_memory() -> add_pages()',
      'hmm_devmem_pages_create() -> arch_add_memory() -> add_pages() -> __add_pages()',
      'hmm_devmem_pages_create() -> move_pfn_range_to_zone()',
      'hmm_devmem_release() -> __remove_pages()',
      'hmm_devmem_release() -> arch_remove_memory()',
      'hmm_devmem_release() -> arch_remove_memory() -> __remove_pages()',
    ];
    expect(json.paths).toEqual({ added, removed });
    expect(section(text.stdout, 'New paths:')).toEqual(added.map((p) => `>> ${p}`));
    expect(section(text.stdout, 'Removed paths:')).toEqual(removed.map((p) => `   ${p}`));
  });
});

describe('variants of the series', () => {
  it('flags the undeclared pfn of undeclared-pfn.mbox at its + line and exits 1', () => {
    const { run, json } = reviewJson([`${VARIANTS}/undeclared-pfn.mbox`], cache);
    expect(run.code).toBe(1);
    const undeclared = json.findings.new.filter((f) => f.ruleId === 'undeclared-identifier');
    expect(undeclared.map(brief)).toEqual([
      `undeclared-identifier mm/memory_hotplug.c:540 del_device_memory() <-  +${VARIANTS}/undeclared-pfn.mbox:197 mail 2 hunk 1`,
    ]);
    expect(undeclared[0]!.severity).toBe('error');
    expect(undeclared[0]!.location.column).toBe(30); // 0-based: the `pfn` inside pfn_to_page()
    expect(undeclared[0]!.message).toBe(
      '`pfn` is not declared in del_device_memory(): no local or parameter there, nor a global, macro, enum constant or function in the indexed tree (find_biggest_section_pfn() has a variable `pfn`)',
    );
    // The rest of the variant is the series: its KASAN findings are still there, one line further down the mail.
    expect(
      json.findings.new
        .filter((f) => f.ruleId === 'kasan-under-hotplug-lock')
        .map((f) => `${f.location.line}@${f.patch!.at.line}`),
    ).toEqual(['498@155', '503@160', '544@201', '544@201']);
  });

  it('gives requires-lock for move_pfn_range_to_zone() after mem_hotplug_done() in resize-after-done.mbox, not for the HMM control', () => {
    const { run, json } = reviewJson([`${VARIANTS}/resize-after-done.mbox`], cache);
    expect(run.code).toBe(1);
    const resize = json.findings.new.filter((f) => f.location.file !== 'mm/memory_hotplug.c');
    expect(resize.map(brief)).toEqual([
      `requires-lock kernel/memremap.c:215 devm_memremap_pages() <- devm_memremap_pages +${VARIANTS}/resize-after-done.mbox:261 mail 3 hunk 2`,
      `zone-span-stale kernel/memremap.c:215 devm_memremap_pages() <- devm_memremap_pages +${VARIANTS}/resize-after-done.mbox:261 mail 3 hunk 2`,
    ]);
    expect(resize[0]!.message).toBe(
      'move_pfn_range_to_zone() needs mem_hotplug_lock (write) but it is not held here (contract: memory hotplug core: mem_hotplug_lock held for write)',
    );
    expect(
      [...json.findings.new, ...json.findings.old].filter(
        (f) => f.location.file === 'mm/hmm.c' && f.ruleId === 'requires-lock',
      ),
    ).toEqual([]);
  });
});

describe('malformed input', () => {
  const problems = (run: CliRun) => section(run.stdout, 'Problems:');

  it('exits 2 with the reason on stderr when nothing could be reviewed, one file at a time', () => {
    const empty = checkPatch([`${MALFORMED}/f-empty.patch`], cache);
    expect([empty.code, empty.stderr]).toEqual([
      2,
      [
        `${MALFORMED}/f-empty.patch:1: empty file`,
        'memhp-review: nothing in the patches could be reviewed (no hunk applied)',
        '',
      ].join('\n'),
    ]);
    const truncated = checkPatch([`${MALFORMED}/c-truncated.patch`], cache);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr.split('\n')).toContain(
      `${MALFORMED}/c-truncated.patch:36: [PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions: mm/memory_hotplug.c hunk #1: hunk shorter than its header says (truncated, or wrong line counts): header says -472,6 +472,83 but it ends at the end of the mail after 3 old and 30 new lines; not applied`,
    );
    const wrongCount = checkPatch([`${MALFORMED}/a-wrong-hunk-count.patch`], cache);
    expect(wrongCount.code).toBe(2);
    expect(wrongCount.stderr.split('\n')).toContain(
      `${MALFORMED}/a-wrong-hunk-count.patch:27: [PATCH 1/5] mm/memory_hotplug: Add prototypes for add/del_device_memory: include/linux/memory_hotplug.h hunk #1: hunk shorter than its header says (truncated, or wrong line counts): header says -91,6 +91,17 but it ends at the end of the mail after 6 old and 15 new lines; not applied`,
    );
    const noDiff = checkPatch([`${MALFORMED}/e-no-diff.eml`], cache);
    expect(noDiff.code).toBe(2);
    expect(noDiff.stderr.split('\n')[0]).toBe(
      `${MALFORMED}/e-no-diff.eml:1: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: no diff in this mail`,
    );
    const binary = checkPatch([`${MALFORMED}/g-binary-diff.patch`], cache);
    expect(binary.code).toBe(2);
    expect(binary.stderr.split('\n')[0]).toBe(
      `${MALFORMED}/g-binary-diff.patch:14: [PATCH] mm: Add a binary memory layout blob: mm/hotplug-layout.bin: binary diff; not applied (the rest of the mail is reviewed)`,
    );
  });

  it('reviews the rest when one file of several is empty, and exits 0', () => {
    const run = checkPatch([`${MALFORMED}/f-empty.patch`, SERIES], cache);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(problems(run)).toEqual([`  ${MALFORMED}/f-empty.patch:1: empty file`]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('3 new, 3 fixed, 3 old; 9 of 9 hunks applied');
  });

  it('gives the folder per-hunk results naming patch and hunk, and reviews what applied', () => {
    const run = checkPatch([MALFORMED], cache);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 14)).toEqual([
      'Applying: [PATCH 1/5] mm/memory_hotplug: Add prototypes for add/del_device_memory',
      '  include/linux/memory_hotplug.h hunk #1: FAILED: hunk shorter than its header says (truncated, or wrong line counts): header says -91,6 +91,17 but it ends at the end of the mail after 6 old and 15 new lines',
      'Applying: [PATCH] mm: Add a binary memory layout blob',
      '  new file mm/hotplug-layout.bin: binary (binary diff; not applied)',
      'Applying: [PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions',
      '  mm/memory_hotplug.c hunk #1: FAILED: hunk shorter than its header says (truncated, or wrong line counts): header says -472,6 +472,83 but it ends at the end of the mail after 3 old and 30 new lines',
      'Applying: [PATCH 3/5] kernel/memremap: Use add/del_device_memory',
      '  kernel/memremap.c hunk #1: applied cleanly at line 119',
      '  kernel/memremap.c hunk #2: applied cleanly at line 207',
      '  kernel/memremap.c hunk #3: applied cleanly at line 228',
      'Applying: [PATCH 4/5] mm/hmm: Use add/del_device_memory',
      '  mm/hmm.c hunk #1: applied cleanly at line 102',
      '  mm/hmm.c hunk #2: applied cleanly at line 112',
      '  mm/hmm.c hunk #3: applied with fuzz 2 (line 185): ignored context "\tmem_hotplug_start();" (patch line 53); the file has "\tmem_hotplug_begin();" at line 186',
    ]);
    expect(problems(run)).toEqual([
      `  ${MALFORMED}/b-garbage-between-hunks.patch:35: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: kernel/memremap.c: text that is not part of any hunk: "This sentence is not part of any hunk."`,
      `  ${MALFORMED}/e-no-diff.eml:1: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: no diff in this mail`,
      `  ${MALFORMED}/f-empty.patch:1: empty file`,
      `  ${MALFORMED}/e-no-diff.eml:1: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: a second 3/5 in the series; skipped`,
      `  ${MALFORMED}/h-base64.eml:1: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: a second 3/5 in the series; skipped`,
      `  ${MALFORMED}/h-quoted-printable.eml:1: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: a second 3/5 in the series; skipped`,
      `  ${MALFORMED}/a-wrong-hunk-count.patch:1: series is missing 5/5; reviewing the patches present`,
      `  ${MALFORMED}/g-binary-diff.patch:14: [PATCH] mm: Add a binary memory layout blob: mm/hotplug-layout.bin: binary diff; not applied (the rest of the mail is reviewed)`,
    ]);
    // 3/5 applied: its removed shadow calls are reviewed as Fixed, at their - lines in b-garbage-between-hunks.patch.
    expect(section(run.stdout, 'Fixed findings:').filter((l) => l.includes('removed by'))).toEqual([
      `     removed by "[PATCH 3/5] kernel/memremap: Use add/del_device_memory" at ${MALFORMED}/b-garbage-between-hunks.patch:29, kernel/memremap.c hunk #1`,
      `     removed by "[PATCH 3/5] kernel/memremap: Use add/del_device_memory" at ${MALFORMED}/b-garbage-between-hunks.patch:40, kernel/memremap.c hunk #2`,
      `     removed by "[PATCH 3/5] kernel/memremap: Use add/del_device_memory" at ${MALFORMED}/b-garbage-between-hunks.patch:59, kernel/memremap.c hunk #3`,
    ]);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('0 new, 3 fixed, 3 old; 6 of 8 hunks applied');
  });

  it('exits 2 for an empty file and a mail without a diff together', () => {
    const run = checkPatch([`${MALFORMED}/f-empty.patch`, `${MALFORMED}/e-no-diff.eml`], cache);
    expect(run.code).toBe(2);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      '0 new, 0 fixed, 6 old; 0 of 0 hunks applied; nothing could be reviewed',
    );
  });
});
