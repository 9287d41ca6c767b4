// The parse pool and the demand-driven check change nothing on a whole tree: `check --format json` and `index` on
// Debian's linux-source-6.1 give the same bytes with one front end on the CLI's thread (--jobs 1) and with two
// worker threads (--jobs 2), each from an empty cache, and again warm from the cache the workers filled; the
// demand-driven check (`--demand`) prints the full check's bytes but for its `completeness`.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCliAsync, type CliRun } from '../cli/run-cli.js';
import { kernelRoot } from './kernel.js';

interface Completeness {
  answer: string;
  mode: string;
  parsed: number;
  files: number;
  rounds: number;
  leftOut: string;
}

function completeness(run: CliRun): Completeness {
  return (JSON.parse(run.stdout) as { completeness: Completeness }).completeness;
}

/** The check's JSON text without its completeness field (the last one), as the full run prints the rest. */
function withoutCompleteness(run: CliRun): string {
  const json = JSON.parse(run.stdout) as Record<string, unknown>;
  delete json.completeness;
  return JSON.stringify(json, null, 2);
}

describe('--jobs and the demand-driven check on Debian linux-source-6.1', () => {
  const caches: string[] = [];
  const runs: Record<string, CliRun> = {};
  beforeAll(async () => {
    const root = kernelRoot();
    ensureBuilt();
    const one = freshCacheDir();
    const two = freshCacheDir();
    caches.push(one, two);
    const check = ['check', '--tree', root, '--format', 'json'];
    runs.check1 = await runCliAsync([...check, '--full', '--jobs', '1', '--timings'], one);
    runs.demand2 = await runCliAsync([...check, '--demand', '--jobs', '2', '--timings'], two);
    runs.check2 = await runCliAsync([...check, '--full', '--jobs', '2', '--timings'], two);
    runs.checkWarm = await runCliAsync([...check, '--full', '--jobs', '2'], two);
    runs.demand1 = await runCliAsync([...check, '--demand', '--jobs', '1'], one);
    runs.demandWarm = await runCliAsync([...check, '--demand', '--jobs', '2'], two);
    runs.index1 = await runCliAsync(['index', '--tree', root, '--jobs', '1', '--no-cache'], one);
    runs.index2 = await runCliAsync(['index', '--tree', root, '--jobs', '2', '--no-cache'], two);
  });
  afterAll(() => {
    for (const c of caches) rmSync(c, { recursive: true, force: true });
  });

  it('runs the front end on the CLI thread with --jobs 1 and in workers with --jobs 2', () => {
    expect(runs.check1!.stderr).toMatch(/^ {2}front end .*\(parse /m);
    expect(runs.check1!.stderr).not.toMatch(/workers:/);
    expect(runs.check2!.stderr).toMatch(/^ {2}workers: \d{4} files/m);
  });

  it('prints the same check JSON with one thread, two workers and a warm cache', () => {
    for (const r of [runs.check1!, runs.check2!, runs.checkWarm!]) expect(r.code).toBe(0);
    expect(completeness(runs.check1!)).toEqual({
      answer: 'complete',
      mode: 'full',
      parsed: 3785,
      files: 3785,
      rounds: 1,
      leftOut: 'nothing',
    });
    const findings = (JSON.parse(runs.check1!.stdout) as { findings: unknown[] }).findings;
    expect(findings.length).toBe(9);
    expect(runs.check2!.stdout).toBe(runs.check1!.stdout);
    expect(runs.checkWarm!.stdout).toBe(runs.check1!.stdout);
  });

  it('prints the full check JSON from the demand-driven check, cold on two workers, warm on one thread and two', () => {
    const full = withoutCompleteness(runs.check1!);
    for (const r of [runs.demand2!, runs.demand1!, runs.demandWarm!]) {
      expect(r.code).toBe(0);
      expect(withoutCompleteness(r)).toBe(full);
      const c = completeness(r);
      expect(c.answer).toBe('complete');
      expect(c.mode).toBe('demand');
      expect(c.files).toBe(3785);
      expect(c.parsed).toBeLessThan(c.files);
    }
    expect(completeness(runs.demand1!).parsed).toBe(completeness(runs.demand2!).parsed);
    // Cold, the demand run parsed only its files; the full run after it on the same cache parsed the rest.
    const workers = (r: CliRun) => Number(/^ {2}workers: (\d+) files/m.exec(r.stderr)?.[1]);
    expect(workers(runs.demand2!)).toBe(completeness(runs.demand2!).parsed);
    expect(workers(runs.check2!)).toBeLessThanOrEqual(3785 - completeness(runs.demand2!).parsed);
  });

  it('prints the same index (every function and edge) with one thread and two workers', () => {
    expect(runs.index1!.code).toBe(0);
    expect(runs.index2!.code).toBe(0);
    expect(runs.index2!.stdout.length).toBeGreaterThan(1_000_000);
    expect(runs.index2!.stdout).toBe(runs.index1!.stdout);
  });
});
