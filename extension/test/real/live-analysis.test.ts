// What the editor keeps from one analysis to the next (the graph, brought up to date; function bodies by
// file content; the recorded replays of roots whose reads are unchanged) changes nothing it shows: after editor-like edits of Debian 6.1's mm/memory_hotplug.c, the
// analysis with them gives the findings, notes, roots and simulate-on-hover records of a fresh analysis.
// Prints both times.

import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeInSlices, resolveScenario, type Analysis } from '../../src/core/analysis/analyze.js';
import { analyzeOptions, DEFAULT_SETTINGS } from '../../src/core/analysis/settings.js';
import { LiveGraph } from '../../src/core/analysis/live-graph.js';
import { BodyCache } from '../../src/core/sim/bodies.js';
import { ReplayCache } from '../../src/core/analysis/reuse.js';
import { SimulationIndex } from '../../src/core/views/hover.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { listTreeFiles, loadTree, readScopeFile } from '../../src/surfaces/node/tree.js';
import { cParser } from '../patch/tree.js';
import { forEachYielding, kernelRoot } from './kernel.js';

const FILE = 'mm/memory_hotplug.c';
let root: string;
let workspace: Workspace;
let original: string;
const live = new LiveGraph();
const bodies = new BodyCache();
const replays = new ReplayCache();

/** One analysis as the editor runs it, with or without what it keeps between analyses; yields between steps. */
async function analyse(kept: boolean): Promise<{ result: Analysis; simulation: SimulationIndex; ms: number }> {
  const snapshot = workspace.snapshot();
  const options = analyzeOptions(DEFAULT_SETTINGS);
  const graph = kept ? live.graphFor(snapshot, options.config!) : undefined;
  const simulation = new SimulationIndex();
  const t = performance.now();
  const result = await analyzeInSlices(
    snapshot,
    {
      ...options,
      ...(graph ? { graph } : {}),
      ...(kept ? { bodies, reuse: replays } : {}),
      scenario: resolveScenario('default'),
      check: true,
      tap: simulation,
    },
    async () => (await new Promise((resolve) => setImmediate(resolve)), false),
  );
  if (!result) throw new Error('analysis dropped');
  if (kept) live.remember(snapshot, result.graph, options.config!);
  return { result, simulation, ms: performance.now() - t };
}

function shown(a: { result: Analysis; simulation: SimulationIndex }): string {
  const sites = (a.simulation as unknown as { bySite: Map<string, unknown> }).bySite;
  return JSON.stringify({
    findings: a.result.findings,
    truncations: a.result.truncations,
    roots: a.result.roots,
    paths: a.result.paths,
    sites: [...sites],
  });
}

beforeAll(async () => {
  root = kernelRoot('6.1');
  workspace = new Workspace(await cParser(), undefined, true);
  await forEachYielding(listTreeFiles(root), (file) => loadTree(workspace, root, [file]));
  const read = readScopeFile(root, FILE);
  if (!('bytes' in read)) throw new Error(read.note);
  original = new TextDecoder().decode(read.bytes);
  await analyse(true);
}, 900_000);

const edits: { name: string; text: () => string; graph: string; changes: boolean }[] = [
  {
    name: 'an empty line above add_memory_resource()',
    text: () => original.replace('\nint __ref add_memory_resource(', '\n\nint __ref add_memory_resource('),
    graph: 'updated (1 files relinked)',
    changes: true,
  },
  {
    name: 'another error code, no line moved',
    text: () => original.replace('return -EINVAL;', 'return -EBUSY;'),
    graph: 'updated (1 files relinked)',
    changes: true,
  },
  {
    name: 'the file as it was',
    text: () => original,
    graph: 'updated (1 files relinked)',
    changes: false,
  },
];

describe(`the editor's kept analysis state on linux-source-6.1 ${FILE}`, () => {
  for (const e of edits)
    it(e.name, { timeout: 300_000 }, async () => {
      const text = e.text();
      expect(text !== original).toBe(e.changes);
      workspace.applyChange(FILE, new TextEncoder().encode(text));
      const kept = await analyse(true);
      expect(live.lastOutcome).toBe(e.graph);
      const fresh = await analyse(false);
      expect(shown(kept)).toBe(shown(fresh));
      console.log(
        `${e.name}: kept state ${kept.ms.toFixed(0)} ms (roots reused ${replays.last.reused.length}, replayed ${replays.last.replayed.length}), fresh ${fresh.ms.toFixed(0)} ms`,
      );
    });
});
