// Real fixed bugs re-created on Debian's linux-source-6.1 and -6.12 at test time: the essence of each fix
// (extension/eval/corpus.json, the same data `npm run eval` uses on the fetched release trees) is undone in
// a copy of the real file, the change is reviewed as a patch, and the finding the bug gave must be New at
// its exact line, and nothing else New. Also pins the clean state of both unmodified trees: no error line.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdits, type Case, type Corpus } from '../../../extension/eval/lib.js';
import { ensureBuilt, freshCacheDir, runCliAsync } from '../cli/run-cli.js';
import { brief, type ReviewJson } from '../review/review-cli.js';
import { kernelRoot, type DebianRelease } from './kernel.js';

const corpus = JSON.parse(readFileSync(join(__dirname, '../../eval/corpus.json'), 'utf8')) as Corpus;

interface Recreated {
  release: DebianRelease;
  id: string;
  /** The New findings, one per entry that reaches the bug, as `brief()` writes them without chain and patch place. */
  findings: readonly string[];
}

// Lines checked with grep -n on the unpacked trees.
const RECREATED: readonly Recreated[] = [
  {
    release: '6.1',
    id: 'pagemap-range-untrack-skipped',
    findings: [
      'unbalanced-teardown mm/memremap.c:213 pagemap_range() <- devm_memremap_pages',
      'unbalanced-teardown mm/memremap.c:213 pagemap_range() <- memremap_pages',
    ],
  },
  {
    release: '6.12',
    id: 'pagemap-range-untrack-skipped',
    findings: [
      'unbalanced-teardown mm/memremap.c:214 pagemap_range() <- devm_memremap_pages',
      'unbalanced-teardown mm/memremap.c:214 pagemap_range() <- memremap_pages',
    ],
  },
  {
    release: '6.1',
    id: 'pageunmap-first-pfn-altmap',
    findings: [
      'memmap-uninitialized-access mm/memremap.c:120 pageunmap_range() <- devm_memremap_pages',
      'memmap-uninitialized-access mm/memremap.c:120 pageunmap_range() <- devm_memremap_pages_release',
      'memmap-uninitialized-access mm/memremap.c:120 pageunmap_range() <- memunmap_pages',
    ],
  },
  {
    release: '6.12',
    id: 'pageunmap-first-pfn-altmap',
    findings: [
      'memmap-uninitialized-access mm/memremap.c:121 pageunmap_range() <- devm_memremap_pages',
      'memmap-uninitialized-access mm/memremap.c:121 pageunmap_range() <- devm_memremap_pages_release',
      'memmap-uninitialized-access mm/memremap.c:121 pageunmap_range() <- memunmap_pages',
    ],
  },
  {
    release: '6.1',
    id: 'zone-shrink-scan-pfn-valid',
    findings: [
      'memmap-uninitialized-access mm/memory_hotplug.c:355 find_smallest_section_pfn() <- offline_pages',
      'memmap-uninitialized-access mm/memory_hotplug.c:358 find_smallest_section_pfn() <- offline_pages',
    ],
  },
  {
    release: '6.12',
    id: 'zone-shrink-scan-pfn-valid',
    findings: [
      'memmap-uninitialized-access mm/memory_hotplug.c:441 find_smallest_section_pfn() <- offline_pages',
      'memmap-uninitialized-access mm/memory_hotplug.c:444 find_smallest_section_pfn() <- offline_pages',
    ],
  },
  {
    release: '6.1',
    id: 'probe-store-unlock-failed-trylock',
    findings: ['unlock-not-held drivers/base/memory.c:533 probe_store() <- probe_store'],
  },
  {
    release: '6.12',
    id: 'probe-store-unlock-failed-trylock',
    findings: ['unlock-not-held drivers/base/memory.c:578 probe_store() <- probe_store'],
  },
];

function caseOf(id: string): Case {
  const c = corpus.cases.find((x) => x.id === id);
  if (!c) throw new Error(`no case ${id} in extension/eval/corpus.json`);
  return c;
}

/** A one-patch mail that undoes the fix's essence in the real file of `root`. */
function undoFix(root: string, c: Case): string {
  const files = [...new Set(c.essence.map((e) => e.file))];
  const diffs = files.map((file) => {
    const before = readFileSync(join(root, file), 'utf8');
    const after = applyEdits(
      before,
      c.essence.filter((e) => e.file === file),
    );
    if ('error' in after) throw new Error(`${c.id}: ${after.error}`);
    return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after.text);
  });
  return [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    'From: Test Reviewer <reviewer@example.org>',
    'Date: Mon, 2 Jan 2023 10:00:00 +0000',
    `Subject: [PATCH] re-create: ${c.title}`,
    `Message-Id: <${c.id}@example.org>`,
    '',
    `Undoes the essence of ${c.fix.sha ?? 'the fix'} ("${c.fix.subject}"); written by the test suite.`,
    '',
    '---',
    ...diffs,
  ].join('\n');
}

let cache: string;
let dir: string;
beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
  dir = mkdtempSync(join(tmpdir(), 'memhp-recreated-'));
});
afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Error lines of the unmodified trees, each judged real. 6.12: memblk_nr_poison_inc() looks the memory block
 * up without device_hotplug_lock ("Called under device_hotplug_lock." above find_memory_block_by_id()),
 * reached from hard_offline_page_store() through memory_failure(): the bug of the corpus case
 * poison-lookup-no-device-hotplug-lock ("drivers/base/memory: fix locking for poison accounting lookup"),
 * which 6.12 has (it has the reference fix 03a2cc1756a0, not this one).
 */
const JUDGED_ERRORS: Readonly<Record<DebianRelease, readonly string[]>> = {
  '6.1': [],
  '6.12': ['requires-lock drivers/base/memory.c:1234'],
};

describe.each(['6.1', '6.12'] as const)('unmodified Debian linux-source-%s', (release) => {
  it('has only the judged error-severity findings (every warning is a judged kasan-under-hotplug-lock question)', async () => {
    const run = await runCliAsync(['check', '--tree', kernelRoot(release), '--format', 'json'], cache);
    expect(run.code).toBe(JUDGED_ERRORS[release].length ? 1 : 0);
    const findings = (
      JSON.parse(run.stdout) as {
        findings: { ruleId: string; severity: string; location: { file: string; line: number } }[];
      }
    ).findings;
    const errors = findings
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
    expect([...new Set(errors)].sort()).toEqual(JUDGED_ERRORS[release]);
    expect([...new Set(findings.map((f) => f.ruleId))].sort()).toEqual(
      [
        ...new Set([
          'inconsistent-lock-context',
          'kasan-under-hotplug-lock',
          ...JUDGED_ERRORS[release].map((e) => e.split(' ')[0]!),
        ]),
      ].sort(),
    );
  });
});

describe.each(RECREATED)('$id re-created on Debian $release', ({ release, id, findings }) => {
  it(`reports ${findings[0]!.split(' ')[0]} New at the line the bug was at, and nothing else New`, async () => {
    const c = caseOf(id);
    const root = kernelRoot(release);
    const patch = join(dir, `${release}-${id}.mbox`);
    writeFileSync(patch, undoFix(root, c));
    const run = await runCliAsync(
      [
        'check',
        '--patch',
        patch,
        '--tree',
        root,
        ...(c.scenario ? ['--scenario', c.scenario] : []),
        '--format',
        'json',
      ],
      cache,
    );
    const json = JSON.parse(run.stdout) as ReviewJson;
    expect(run.stderr).toBe('');
    const news = [...new Set(json.findings.new.map((f) => brief({ ...f, chain: [], patch: null })))];
    expect(news.sort()).toEqual(findings);
    const line = Number(/:(\d+) /.exec(findings[0]!)![1]);
    expect(readFileSync(join(root, c.expect.file), 'utf8').split('\n')[line - 1]).toContain(c.expect.text);
  });
});
