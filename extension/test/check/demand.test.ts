// The demand-driven check (`--demand`) answers as the full one on the fixture trees: the same JSON but for
// `completeness`, on one thread and on two workers, cold and warm; text output names what it left out.

import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCli, type CliRun } from '../cli/run-cli.js';

const caches: string[] = [];
afterAll(() => {
  for (const c of caches) rmSync(c, { recursive: true, force: true });
});

function json(run: CliRun): { rest: string; completeness: Record<string, unknown> } {
  const doc = JSON.parse(run.stdout) as Record<string, unknown>;
  const completeness = doc.completeness as Record<string, unknown>;
  delete doc.completeness;
  return { rest: JSON.stringify(doc), completeness };
}

describe.each([
  ['the 4.19-shape fixture', [], 20, 40, 12],
  ['the 6.x-shape fixture', ['--tree', 'test-fixtures/linux-6.x-shape'], 17, 41, 10],
] as const)('demand-driven check on %s', (_, tree, parsed, files, rounds) => {
  ensureBuilt();
  const cache = freshCacheDir();
  caches.push(cache);
  const check = ['check', ...tree, '--format', 'json'];
  const full = runCli([...check, '--full', '--no-cache', '--jobs', '1'], cache);
  const cold = runCli([...check, '--demand', '--jobs', '2'], cache);
  const warm = runCli([...check, '--demand', '--jobs', '1'], cache);
  const oneThread = runCli([...check, '--demand', '--jobs', '1', '--no-cache'], cache);

  it('prints the full check JSON but for completeness, with 1 or 2 workers, cold and warm', () => {
    const expected = json(full).rest;
    for (const run of [cold, warm, oneThread]) {
      expect(run.code).toBe(full.code);
      expect(json(run).rest).toBe(expected);
      expect(json(run).completeness).toMatchObject({ answer: 'complete', mode: 'demand', parsed, files });
    }
    expect(json(full).completeness).toEqual({
      answer: 'complete',
      mode: 'full',
      parsed: files,
      files,
      rounds: 1,
      leftOut: 'nothing',
    });
  });

  it('says how complete its text findings are, and --finish parses the files left out into the cache after them', () => {
    const own = freshCacheDir();
    caches.push(own);
    const run = runCli(['check', ...tree, '--demand', '--finish'], own);
    expect(run.stderr).toBe(
      `findings complete: ${parsed} of ${files} C files in scope parsed in ${rounds} rounds; left out: ${files - parsed} C files not parsed: no definition, type, ops binding or export in them is reached from the roots\n` +
        `finished the index: ${files - parsed} more files parsed into the facts cache\n`,
    );
  });
});
