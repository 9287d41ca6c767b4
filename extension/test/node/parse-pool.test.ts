// The CLI's worker pool without a progress listener: every file comes back, in list order, and the call
// returns (the counter of files done once lived inside the listener's optional call, and never moved).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInWorkers, workerScript } from '../../src/surfaces/node/parse-pool.js';
import { ensureBuilt, repoRoot } from '../cli/run-cli.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('parseInWorkers', () => {
  it('parses every file on two workers and returns their facts in list order, with no listener', async () => {
    ensureBuilt();
    const script = workerScript(join(repoRoot, 'dist'));
    expect(script).toBeDefined();
    const files = ['a', 'b', 'c'].map((n) => ({
      path: `mm/${n}.c`,
      bytes: text(`int ${n}_fn(void)\n{\n\treturn 0;\n}\n`),
    }));
    const parsed = await parseInWorkers(script!, 2, files);
    expect(parsed.map((p) => (p.result.ok ? p.result.facts.functions.map((f) => f.name) : p.result))).toEqual([
      ['a_fn'],
      ['b_fn'],
      ['c_fn'],
    ]);
  }, 60_000);
});
