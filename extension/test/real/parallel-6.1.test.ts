// The parse pool changes nothing on a whole tree: `check --format json` and `index` on Debian's linux-source-6.1
// give the same bytes with one front end on the CLI's thread (--jobs 1) and with two worker threads
// (--jobs 2), each from an empty cache, and again warm from the cache the workers filled.

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCliAsync, type CliRun } from '../cli/run-cli.js';
import { kernelRoot } from './kernel.js';

describe('--jobs on Debian linux-source-6.1', () => {
  const caches: string[] = [];
  const runs: Record<string, CliRun> = {};
  beforeAll(async () => {
    const root = kernelRoot();
    ensureBuilt();
    const one = freshCacheDir();
    const two = freshCacheDir();
    caches.push(one, two);
    runs.check1 = await runCliAsync(['check', '--tree', root, '--format', 'json', '--jobs', '1', '--timings'], one);
    runs.check2 = await runCliAsync(['check', '--tree', root, '--format', 'json', '--jobs', '2', '--timings'], two);
    runs.checkWarm = await runCliAsync(['check', '--tree', root, '--format', 'json', '--jobs', '2'], two);
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
    const findings = (JSON.parse(runs.check1!.stdout) as { findings: unknown[] }).findings;
    expect(findings.length).toBe(9);
    expect(runs.check2!.stdout).toBe(runs.check1!.stdout);
    expect(runs.checkWarm!.stdout).toBe(runs.check1!.stdout);
  });

  it('prints the same index (every function and edge) with one thread and two workers', () => {
    expect(runs.index1!.code).toBe(0);
    expect(runs.index2!.code).toBe(0);
    expect(runs.index2!.stdout.length).toBeGreaterThan(1_000_000);
    expect(runs.index2!.stdout).toBe(runs.index1!.stdout);
  });
});
