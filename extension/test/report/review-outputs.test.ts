// The four review outputs for the fixture series, pinned: text and email against golden files, JSON
// and SARIF by their fields. The analysis is the hand-built one in series-findings.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATCH_CHECK_RULES } from '../../src/core/patch/checks/index.js';
import { EMAIL_WIDTH, formatReviewEmail, reviewEmails } from '../../src/core/report/email.js';
import { reviewJson } from '../../src/core/report/review-json.js';
import { formatReviewText } from '../../src/core/report/review-text.js';
import { reviewSarif } from '../../src/core/report/sarif.js';
import { fixtureSources, fixtureTree, reviewWith, type FixtureTree } from '../patch/tree.js';
import { analyse, untouchedLineAnalysis } from './series-findings.js';
import type { Review } from '../../src/core/patch/review-report.js';

const golden = (name: string) => readFileSync(join(__dirname, 'golden', name), 'utf8');

let tree: FixtureTree;
let series: Review;
beforeAll(async () => {
  tree = await fixtureTree();
  series = await reviewWith(tree, fixtureSources('series/add-device-memory.mbox'), analyse);
});

describe('review outputs for the fixture series', () => {
  it('text: apply results, then New / Fixed / Old and the path changes', () => {
    expect(formatReviewText(series)).toBe(golden('add-device-memory.text.txt'));
  });

  it('email: one reply to 2/5 quoting only the hunk with the New finding', () => {
    const replies = reviewEmails(series);
    expect(replies.map((r) => r.mail)).toEqual([2]);
    expect(formatReviewEmail(series)).toBe(golden('add-device-memory.email.txt'));
  });

  it('email for the undeclared-pfn variant asks about pfn at its line', async () => {
    const r = await reviewWith(tree, fixtureSources('series/variants/undeclared-pfn.mbox'));
    expect(formatReviewEmail(r)).toBe(golden('undeclared-pfn.email.txt'));
  });

  it('email: a New finding on a line the series does not touch goes to the cover letter once, saying where', async () => {
    const r = await reviewWith(tree, fixtureSources('series/add-device-memory.mbox'), untouchedLineAnalysis);
    expect(reviewEmails(r).map((e) => e.mail)).toEqual([0]);
    expect(formatReviewEmail(r).split('\n')).toEqual([
      'Subject: Re: [PATCH 0/5] mm/memory_hotplug: Factor out ZONE_DEVICE',
      ' hot-add/remove',
      'In-Reply-To: <cover.1539617431.git.jane@example.org>',
      'References: <cover.1539617431.git.jane@example.org>',
      '',
      'At mm/memory_hotplug.c:757 after the series, is the memmap initialized for',
      'this pfn at this point? page_zone() reads the struct page of pfn 0x400000,',
      'which is allocated by add_pages() but not yet initialized.',
      '',
      'This is reached as offline_pages() -> __offline_pages() -> page_zone().',
      '',
    ]);
  });

  it('email prose stays within 78 columns; only quoted patch lines may be longer', async () => {
    const r = await reviewWith(tree, fixtureSources('series/variants/prototype-mismatch.mbox'));
    const text = `${formatReviewEmail(series)}${formatReviewEmail(r)}`;
    const long = text.split('\n').filter((l) => l.length > EMAIL_WIDTH && !l.startsWith('> '));
    expect(long).toEqual([]);
    expect(text).not.toMatch(/memhp|MM Hotplug Review/);
  });

  it('json: complete, with status, patch line and summary', () => {
    const json = reviewJson(series) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['version', 'reviewed', 'mails', 'problems', 'findings', 'paths', 'summary']);
    expect(json.summary).toEqual({
      new: 3,
      fixed: 1,
      old: 1,
      hunks: 9,
      applied: 9,
      offset: 0,
      fuzz: 0,
      failed: 0,
      problems: 0,
    });
    const findings = json.findings as Record<string, Record<string, unknown>[]>;
    expect(findings.new![0]!.patch).toEqual({
      mail: 2,
      sign: '+',
      via: 'location',
      file: 'mm/memory_hotplug.c',
      hunk: 1,
      at: { file: 'series/add-device-memory.mbox', line: 154, decoded: false },
      treeFile: 'mm/memory_hotplug.c',
      treeLine: 498,
    });
    expect(findings.new!.map((f) => (f.location as { line: number }).line)).toEqual([498, 540, 540]);
    expect(findings.fixed![0]!.patch).toEqual({
      mail: 3,
      sign: '-',
      via: 'location',
      file: 'kernel/memremap.c',
      hunk: 2,
      at: { file: 'series/add-device-memory.mbox', line: 249, decoded: false },
      treeFile: 'kernel/memremap.c',
      treeLine: 211,
    });
    expect(findings.old![0]!.before).toEqual({ file: 'kernel/memremap.c', line: 237, column: 1 });
    expect(findings.old![0]!.location).toEqual({ file: 'kernel/memremap.c', line: 226, column: 1 });
    const mails = json.mails as Record<string, unknown>[];
    expect(mails[2]).toMatchObject({
      seq: 2,
      index: 2,
      total: 5,
      cover: false,
      messageId: '<8e6549c11452bdf5d0b38fdcb43a311135988abb.1539617431.git.jane@example.org>',
      references: ['<cover.1539617431.git.jane@example.org>'],
      author: 'Jane Hotplug',
      date: 'Mon, 15 Oct 2018 17:30:31 +0200',
      hunks: [
        {
          file: 'mm/memory_hotplug.c',
          hunk: 1,
          header: '@@ -472,6 +472,83 @@ void __ref move_pfn_range_to_zone(struct zone *zone, unsigned long start_pfn,',
          at: { file: 'series/add-device-memory.mbox', line: 127, decoded: false },
          status: 'clean',
          offset: 0,
          fuzz: 0,
          line: 472,
          reason: null,
        },
      ],
    });
  });

  it('sarif: rules, baseline states, fingerprints, code flows and related locations', () => {
    const log = reviewSarif(series, { rules: PATCH_CHECK_RULES, toolVersion: '0.1.0' });
    const run = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.rules!.map((r) => r.id)).toEqual([
      'kasan-under-hotplug-lock',
      'memmap-uninitialized-access',
      'prototype-mismatch',
      'unbalanced-teardown',
      'undeclared-identifier',
    ]);
    expect(
      run.results!.map((r) => [
        r.ruleId,
        r.baselineState,
        r.locations![0]!.physicalLocation!.artifactLocation!.uri,
        r.locations![0]!.physicalLocation!.region!.startLine,
      ]),
    ).toEqual([
      ['kasan-under-hotplug-lock', 'new', 'mm/memory_hotplug.c', 498],
      ['memmap-uninitialized-access', 'new', 'mm/memory_hotplug.c', 540],
      ['memmap-uninitialized-access', 'new', 'mm/memory_hotplug.c', 540],
      ['kasan-under-hotplug-lock', 'absent', 'kernel/memremap.c', 211],
      ['unbalanced-teardown', 'unchanged', 'kernel/memremap.c', 226],
    ]);
    const [moved, gone] = [run.results![0]!, run.results![3]!];
    // The call moved into the helper: another function and chain, so another fingerprint.
    expect(moved.partialFingerprints).toEqual({
      'memhpFingerprint/v1':
        'kasan-under-hotplug-lock|add_device_memory|add_device_memory|kasan_add_zero_shadow|mem_hotplug_lock',
    });
    expect(gone.partialFingerprints).toEqual({
      'memhpFingerprint/v1': 'kasan-under-hotplug-lock|devm_memremap_pages||kasan_add_zero_shadow|mem_hotplug_lock',
    });
    expect(run.results![4]!.partialFingerprints).toEqual({
      'memhpFingerprint/v1': 'unbalanced-teardown|devm_memremap_pages||devm_add_action',
    });
    expect(moved.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'kernel/memremap.c', uriBaseId: 'SRCROOT' },
          region: { startLine: 209, startColumn: 2 },
        },
        message: { text: 'mem_hotplug_lock (write) taken here via mem_hotplug_begin()' },
      },
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'series/add-device-memory.mbox' }, region: { startLine: 154 } },
        message: {
          text: 'added by "[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions" at series/add-device-memory.mbox:154, mm/memory_hotplug.c hunk #1',
        },
      },
    ]);
    expect(
      gone.relatedLocations!.map((r) => [
        r.physicalLocation!.artifactLocation!.uri,
        r.physicalLocation!.region!.startLine,
      ]),
    ).toEqual([
      ['kernel/memremap.c', 210],
      ['series/add-device-memory.mbox', 249],
    ]);
    const fresh = run.results![1]!;
    expect(
      fresh.codeFlows![0]!.threadFlows[0]!.locations.map((l) => [
        l.location!.physicalLocation!.region!.startLine,
        l.location!.message!.text,
      ]),
    ).toEqual([
      [226, 'devm_memremap_pages() calls devm_memremap_pages_release() (registered via devm_add_action)'],
      [122, 'devm_memremap_pages_release() calls del_device_memory()'],
    ]);
    expect(
      fresh.relatedLocations!.map((r) => [
        r.physicalLocation!.artifactLocation!.uri,
        r.physicalLocation!.region!.startLine,
        r.message!.text,
      ]),
    ).toEqual([
      [
        'series/add-device-memory.mbox',
        196,
        'added by "[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions" at series/add-device-memory.mbox:196, mm/memory_hotplug.c hunk #1',
      ],
    ]);
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });
});
