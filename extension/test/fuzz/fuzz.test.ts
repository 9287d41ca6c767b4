// The fuzzer's findings kept as regression tests (each input it generated that crashed or hung, under
// test-fixtures/fuzz/, with what the review now says about it), and a fixed-seed smoke run (2000 inputs) for CI.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTarget, type FuzzTarget } from '../../scripts/fuzz/target.js';
import { ensureBuilt, repoRoot, spawnAsync } from '../cli/run-cli.js';

const fuzzDir = join(repoRoot, 'test-fixtures/fuzz');

const REGRESSIONS: Record<string, unknown> = {
  // A 64 KiB line of `+` (32k nested update expressions) overflowed the stack of body extraction.
  'seed1-1167-deep-update-expression.mbox': {
    reviewed: true,
    mails: 6,
    hunks: 9,
    applied: 9,
    problems: 0,
    findings: { new: 5, fixed: 6, old: 3 },
    analysed: true,
  },
  // The same nesting took the undeclared-identifier check 11 s: each step up the tree costs a walk from the root.
  'seed2-1011-deep-nesting-slow-check.mbox': {
    reviewed: true,
    mails: 1,
    hunks: 3,
    applied: 3,
    problems: 2,
    findings: { new: 0, fixed: 4, old: 5 },
    analysed: true,
  },
  // [PATCH 4294967296/99999999999999999999]: the missing-patch list counted up to the subject's total.
  'seed42-6399-absurd-series-total.mbox': {
    reviewed: false,
    mails: 1,
    hunks: 0,
    applied: 0,
    problems: 2,
    findings: { new: 0, fixed: 0, old: 9 },
    analysed: false,
  },
  // A huge line at file scope nested ERROR nodes deeper than the recursive top-level walk of extraction could go.
  // Since roots are found in the tree, the exported del_device_memory() it adds is replayed under its
  // contract: kasan_remove_zero_shadow() under mem_hotplug_lock is New.
  'seed43-4462-deep-file-scope-error.mbox': {
    reviewed: true,
    mails: 1,
    hunks: 1,
    applied: 1,
    problems: 1,
    findings: { new: 1, fixed: 0, old: 9 },
    analysed: true,
  },
  // One 3 MiB `+` line of `=` added to a C file: tree-sitter's parse of the post-image outran the 10 s budget
  // (its time grows faster than the line). Lines over 128 Ki characters are refused now, and the review says so.
  'seed1-15757-megabyte-equals-line.mbox.gz': {
    reviewed: true,
    mails: 4,
    hunks: 2,
    applied: 1,
    problems: 4,
    findings: { new: 0, fixed: 0, old: 9 },
    analysed: true,
  },
  // The same with a 1 MiB line of `+`: mm/hmm.c is refused after the series, so its two findings read as fixed.
  'seed1-23543-megabyte-plus-line.mbox.gz': {
    reviewed: true,
    mails: 1,
    hunks: 3,
    applied: 3,
    problems: 2,
    findings: { new: 0, fixed: 2, old: 7 },
    analysed: true,
  },
  // The same with a 3 MiB line of tabs.
  'seed1-26734-megabyte-tab-line.mbox.gz': {
    reviewed: true,
    mails: 1,
    hunks: 3,
    applied: 3,
    problems: 2,
    findings: { new: 0, fixed: 2, old: 7 },
    analysed: true,
  },
  // 4 MiB with a huge line, a binary diff and broken MIME: over the 30 s budget at load 16 on 2 cores, 5.7 s alone.
  'seed1-55566-huge-line-binary-diff.mbox.gz': {
    reviewed: false,
    mails: 1,
    hunks: 0,
    applied: 0,
    problems: 2,
    findings: { new: 0, fixed: 0, old: 9 },
    analysed: false,
  },
  // A damaged hunk header placed the hunk before line 1; the mismatch message read image[-1].
  'seed43-45444-hunk-before-line-1.mbox': {
    reviewed: true,
    mails: 6,
    hunks: 9,
    applied: 8,
    problems: 1,
    findings: { new: 4, fixed: 4, old: 5 },
    analysed: true,
  },
};

describe('inputs the fuzzer found', () => {
  let target: FuzzTarget;
  beforeAll(async () => {
    target = await createTarget(join(repoRoot, 'test-fixtures/linux-4.19-shape'));
  });

  for (const [name, outcome] of Object.entries(REGRESSIONS)) {
    it(name, async () => {
      // Inputs of megabyte lines are kept gzipped (`NAME.gz`); the target gets the bytes the fuzzer made.
      const stored = readFileSync(join(fuzzDir, name));
      const bytes = name.endsWith('.gz') ? gunzipSync(stored) : stored;
      const result = await target.run(bytes, name.replace(/\.gz$/, ''));
      expect(result).toEqual({ ok: true, outcome });
    });
  }
});

it('a fixed-seed smoke run finds no crash and no hang', async () => {
  ensureBuilt();
  const run = await spawnAsync(process.execPath, [
    join(repoRoot, 'dist/fuzz.js'),
    '--seed',
    '1',
    '--count',
    '2000',
    '--workers',
    '2',
    '--json',
    '--out',
    join(repoRoot, 'test-output/fuzz-smoke'),
  ]);
  const summary = JSON.parse(run.stdout) as { inputs: number; crashes: unknown[]; hangs: unknown[]; seeds: number };
  expect({ inputs: summary.inputs, crashes: summary.crashes, hangs: summary.hangs, seeds: summary.seeds }).toEqual({
    inputs: 2000,
    crashes: [],
    hangs: [],
    seeds: 20,
  });
  expect(run.code).toBe(0);
});
