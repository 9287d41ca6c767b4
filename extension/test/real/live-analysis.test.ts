// What the editor keeps from one analysis to the next on Debian's linux-source-6.1 (the graph, brought up to
// date; function bodies by file content; the recorded replays of roots whose reads are unchanged) changes
// nothing it shows: after each editor-like edit of mm/memory_hotplug.c and drivers/base/memory.c (made at
// test time, no kernel text is committed) the analysis with them gives the findings, notes, roots, paths and
// hover records of a fresh analysis. Prints both times and the roots reused; no timing is asserted.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeInSlices, resolveScenario } from '../../src/core/analysis/analyze.js';
import { analyzeOptions, DEFAULT_SETTINGS } from '../../src/core/analysis/settings.js';
import { LiveGraph } from '../../src/core/analysis/live-graph.js';
import { ReplayCache } from '../../src/core/analysis/reuse.js';
import { BodyCache } from '../../src/core/sim/bodies.js';
import { SimulationIndex } from '../../src/core/views/hover.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { expectSameAnalysis, type Outcome } from '../check/same-analysis.js';
import { cParser } from '../patch/tree.js';
import { forEachYielding, kernelRoot } from './kernel.js';

const HOTPLUG = 'mm/memory_hotplug.c';
const MEMORY = 'drivers/base/memory.c';

interface Edit {
  name: string;
  file: string;
  /** The text replaced (it must occur once) and its replacement. */
  from: string;
  to: string;
  /** How the graph of the analysis after the edit was made. */
  graph: string;
  /** The roots replayed (the others are reused: a root whose reads only moved lines is reused in its new lines). */
  replayed: string[];
}

const UPDATED = 'updated (1 files relinked)';
/** The file's first uses of the names it calls change order or set: a full build. */
const BUILT = 'built (mm/memory_hotplug.c: the names it calls changed)';

const EDITS: Edit[] = [
  {
    name: 'an empty line above mhp_init_memmap_on_memory() (at line 1026: the edit of the bench)',
    file: HOTPLUG,
    from: '}\n\nint mhp_init_memmap_on_memory(',
    to: '}\n\n\nint mhp_init_memmap_on_memory(',
    graph: UPDATED,
    replayed: [],
  },
  {
    name: 'that empty line deleted again',
    file: HOTPLUG,
    from: '}\n\n\nint mhp_init_memmap_on_memory(',
    to: '}\n\nint mhp_init_memmap_on_memory(',
    graph: UPDATED,
    replayed: [],
  },
  {
    name: 'an empty line above add_memory_resource()',
    file: HOTPLUG,
    from: '\nint __ref add_memory_resource(',
    to: '\n\nint __ref add_memory_resource(',
    graph: UPDATED,
    replayed: ['add_memory@mm/memory_hotplug.c:1449', 'add_memory_resource@mm/memory_hotplug.c:1321'],
  },
  {
    name: 'a call changed inside mhp_deinit_memmap_on_memory() (same line count)',
    file: HOTPLUG,
    from: '\tkasan_remove_zero_shadow(__va(PFN_PHYS(pfn)), PFN_PHYS(nr_pages));\n}',
    to: '\tkasan_add_zero_shadow(__va(PFN_PHYS(pfn)), PFN_PHYS(nr_pages));\n}',
    graph: BUILT,
    replayed: ['memory_subsys_online@drivers/base/memory.c:312', 'memory_subsys_offline@drivers/base/memory.c:333'],
  },
  {
    name: 'a blank line inserted at the top of drivers/base/memory.c',
    file: MEMORY,
    from: '// SPDX-License-Identifier: GPL-2.0\n',
    to: '// SPDX-License-Identifier: GPL-2.0\n\n',
    graph: UPDATED,
    replayed: [],
  },
  {
    name: 'a call removed from online_pages() (its line left blank)',
    file: HOTPLUG,
    from: '\tnode_states_set_node(nid, &arg);\n',
    to: '\n',
    graph: BUILT,
    replayed: ['online_pages@mm/memory_hotplug.c:1075', 'memory_subsys_online@drivers/base/memory.c:313'],
  },
  {
    name: 'an edit in phys_device_show(), which no root reaches',
    file: MEMORY,
    from: 'return sysfs_emit(buf, "%d\\n",\n\t\t\t  arch_get_memory_phys_device',
    to: 'return sysfs_emit(buf, "%u\\n",\n\t\t\t  arch_get_memory_phys_device',
    graph: UPDATED,
    replayed: [],
  },
];

let workspace: Workspace;
const texts = new Map<string, string>();
const live = new LiveGraph();
const bodies = new BodyCache();
const replays = new ReplayCache();

/** One analysis as the editor runs it, with or without what it keeps between analyses; yields between steps. */
async function analyse(kept: boolean): Promise<Outcome & { ms: number }> {
  const snapshot = workspace.snapshot();
  const options = analyzeOptions(DEFAULT_SETTINGS);
  const graph = kept ? live.graphFor(snapshot, options.config!) : undefined;
  const simulation = new SimulationIndex();
  const started = performance.now();
  const analysis = await analyzeInSlices(
    snapshot,
    {
      ...options,
      ...(graph ? { graph } : {}),
      ...(kept ? { bodies, reuse: replays } : {}),
      scenario: resolveScenario(DEFAULT_SETTINGS.scenario),
      check: true,
      tap: simulation,
    },
    async () => (await new Promise((resolve) => setImmediate(resolve)), false),
  );
  if (!analysis) throw new Error('analysis dropped');
  if (kept) live.remember(snapshot, analysis.graph, options.config!);
  return { analysis, simulation, ms: performance.now() - started };
}

beforeAll(async () => {
  const root = kernelRoot('6.1');
  workspace = new Workspace(await cParser(), undefined, true);
  await forEachYielding(listTreeFiles(root), (file) => loadTree(workspace, root, [file]));
  for (const f of [HOTPLUG, MEMORY]) texts.set(f, readFileSync(join(root, f), 'latin1'));
}, 900_000);

describe('the editor’s kept analysis state on linux-source-6.1', () => {
  it('reuses every root of an unchanged tree and shows the same', { timeout: 300_000 }, async () => {
    const first = await analyse(true);
    expect(replays.last.reused).toEqual([]);
    const again = await analyse(true);
    expect(live.lastOutcome).toBe('updated (0 files relinked)');
    expect(replays.last.replayed).toEqual([]);
    expectSameAnalysis(again, first);
    console.log(`live 6.1: first ${first.ms.toFixed(0)} ms, unchanged again ${again.ms.toFixed(0)} ms`);
  });

  for (const edit of EDITS)
    it(edit.name, { timeout: 300_000 }, async () => {
      const before = texts.get(edit.file)!;
      expect(before.split(edit.from)).toHaveLength(2);
      const after = before.replace(edit.from, edit.to);
      texts.set(edit.file, after);
      workspace.applyChange(edit.file, new TextEncoder().encode(after));
      const kept = await analyse(true);
      expect(live.lastOutcome).toBe(edit.graph);
      const { reused, replayed } = replays.last;
      const fresh = await analyse(false);
      expect(replayed).toEqual(edit.replayed);
      expect(reused.length + replayed.length).toBe(fresh.analysis.roots.length);
      expectSameAnalysis(kept, fresh);
      console.log(
        `live 6.1: ${edit.name}: kept state ${kept.ms.toFixed(0)} ms, fresh ${fresh.ms.toFixed(0)} ms; ${reused.length} roots reused, ${replayed.length} replayed (${replayed.join(', ')})`,
      );
    });
});
