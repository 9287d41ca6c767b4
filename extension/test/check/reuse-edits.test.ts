// Replay reuse against a fresh analysis over a fixed series of line edits (deleted, doubled, blank line
// inserted, swapped with the next) at seeded places of the kernel-shaped fixture trees, with the roots
// found in the files replayed too: after every edit the analysis with the cache equals a fresh one.

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { analyze, type Analysis } from '../../src/core/analysis/analyze.js';
import { ReplayCache } from '../../src/core/analysis/reuse.js';
import { SimulationIndex } from '../../src/core/views/hover.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { cParser } from '../syntax/parse.js';
import { expectSameAnalysis } from './same-analysis.js';

const REPO = join(__dirname, '../../..');
const EDITS = 14;

/** A small deterministic generator (mulberry32), so the series is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function edited(text: string, random: () => number): string {
  const lines = text.split('\n');
  const at = Math.floor(random() * (lines.length - 1));
  switch (Math.floor(random() * 4)) {
    case 0:
      lines.splice(at, 1);
      break;
    case 1:
      lines.splice(at, 0, lines[at]!);
      break;
    case 2:
      lines.splice(at, 0, '');
      break;
    default:
      [lines[at], lines[at + 1]] = [lines[at + 1]!, lines[at]!];
  }
  return lines.join('\n');
}

function run(ws: Workspace, reuse?: ReplayCache): { analysis: Analysis; simulation: SimulationIndex } {
  const simulation = new SimulationIndex();
  const analysis = analyze(ws.snapshot(), { trace: false, tap: simulation, ...(reuse ? { reuse } : {}) });
  return { analysis, simulation };
}

describe.each([
  ['linux-6.x-shape', 61],
  ['linux-4.19-shape', 419],
])('replay reuse over edits of %s', (tree, seed) => {
  it('gives the fresh analysis after every edit', async () => {
    const root = join(REPO, 'test-fixtures', tree);
    const ws = new Workspace(await cParser(), undefined, true);
    const files = listTreeFiles(root);
    loadTree(ws, root, files);
    const texts = new Map(files.filter((f) => f.endsWith('.c')).map((f) => [f, readFileSync(join(root, f), 'latin1')]));
    const random = seeded(seed);
    const cache = new ReplayCache();
    run(ws, cache);
    let reused = 0;
    for (let i = 0; i < EDITS; i++) {
      const paths = [...texts.keys()];
      const path = paths[Math.floor(random() * paths.length)]!;
      const text = edited(texts.get(path)!, random);
      texts.set(path, text);
      ws.applyChange(path, new TextEncoder().encode(text));
      const cached = run(ws, cache);
      reused += cache.last.reused.length;
      const fresh = run(ws);
      expect(cache.last.reused.length + cache.last.replayed.length).toBe(fresh.analysis.roots.length);
      expectSameAnalysis(cached, fresh);
    }
    expect(reused).toBeGreaterThan(0);
  }, 300_000);
});
