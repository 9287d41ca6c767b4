// Replay reuse on Debian's linux-source-6.1 (no kernel text is committed; the edits are made at test time):
// the editor's analysis with a ReplayCache after each of four edits of mm/memory_hotplug.c and
// drivers/base/memory.c gives what a fresh analysis gives (findings, notes, roots, the hover index).
// Prints the time of both and how many roots were reused; no timing is asserted.

import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { analyzeInSlices, resolveScenario, type Analysis } from '../../src/core/analysis/analyze.js';
import { analyzeOptions, DEFAULT_SETTINGS } from '../../src/core/analysis/settings.js';
import { ReplayCache } from '../../src/core/analysis/reuse.js';
import { SimulationIndex } from '../../src/core/views/hover.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { cParser } from '../syntax/parse.js';
import { forEachYielding, kernelRoot } from './kernel.js';

const HOTPLUG = 'mm/memory_hotplug.c';
const MEMORY = 'drivers/base/memory.c';

interface Edit {
  name: string;
  file: string;
  /** The text replaced (it must occur once) and its replacement. */
  from: string;
  to: string;
}

const EDITS: Edit[] = [
  {
    name: 'a call changed inside mhp_deinit_memmap_on_memory() (same line count)',
    file: HOTPLUG,
    from: '\tkasan_remove_zero_shadow(__va(PFN_PHYS(pfn)), PFN_PHYS(nr_pages));\n}',
    to: '\tkasan_add_zero_shadow(__va(PFN_PHYS(pfn)), PFN_PHYS(nr_pages));\n}',
  },
  {
    name: 'a blank line inserted at the top of drivers/base/memory.c',
    file: MEMORY,
    from: '// SPDX-License-Identifier: GPL-2.0\n',
    to: '// SPDX-License-Identifier: GPL-2.0\n\n',
  },
  {
    name: 'a call removed from online_pages() (its line left blank)',
    file: HOTPLUG,
    from: '\tnode_states_set_node(nid, &arg);\n',
    to: '\n',
  },
  {
    name: 'an edit in phys_device_show(), which no root reaches',
    file: MEMORY,
    from: 'return sysfs_emit(buf, "%d\\n",\n\t\t\t  arch_get_memory_phys_device',
    to: 'return sysfs_emit(buf, "%u\\n",\n\t\t\t  arch_get_memory_phys_device',
  },
];

interface Run {
  analysis: Analysis;
  simulation: SimulationIndex;
  ms: number;
  /** From the roots planned to the analysis done: the part reuse can save. */
  replayMs: number;
}

let root: string;
let workspace: Workspace;
const texts = new Map<string, string>();
const cache = new ReplayCache();

async function analyse(reuse?: ReplayCache): Promise<Run> {
  const simulation = new SimulationIndex();
  const started = performance.now();
  let planned = Number.NaN;
  const analysis = await analyzeInSlices(
    workspace.snapshot(),
    {
      ...analyzeOptions(DEFAULT_SETTINGS),
      scenario: resolveScenario(DEFAULT_SETTINGS.scenario),
      check: true,
      tap: simulation,
      ...(reuse ? { reuse } : {}),
    },
    async (done) => {
      if (done === 'roots planned') planned = performance.now();
      await new Promise((resolve) => setImmediate(resolve));
      return false;
    },
  );
  const now = performance.now();
  return { analysis: analysis!, simulation, ms: now - started, replayMs: now - planned };
}

function expectSame(cached: Run, fresh: Run): void {
  expect(cached.analysis.findings).toEqual(fresh.analysis.findings);
  expect(cached.analysis.truncations).toEqual(fresh.analysis.truncations);
  expect(cached.analysis.roots).toEqual(fresh.analysis.roots);
  expect(cached.analysis.entries).toEqual(fresh.analysis.entries);
  expect(cached.simulation).toEqual(fresh.simulation);
}

beforeAll(async () => {
  root = kernelRoot('6.1');
  workspace = new Workspace(await cParser(), undefined, true);
  await forEachYielding(listTreeFiles(root), (file) => loadTree(workspace, root, [file]));
  for (const f of [HOTPLUG, MEMORY]) texts.set(f, readFileSync(join(root, f), 'latin1'));
}, 900_000);

describe('replay reuse on linux-source-6.1', () => {
  it('gives the fresh analysis after each edit, replaying only some roots', async () => {
    const first = await analyse(cache);
    console.log(
      `reuse 6.1: first analysis ${first.ms.toFixed(0)} ms (replay ${first.replayMs.toFixed(0)} ms), ${cache.last.replayed.length} roots replayed, ${first.analysis.findings.length} findings`,
    );
    expect(cache.last.reused).toEqual([]);
    const again = await analyse(cache);
    console.log(
      `reuse 6.1: unchanged: cached ${again.ms.toFixed(0)} ms (replay ${again.replayMs.toFixed(0)} ms), ${cache.last.reused.length} reused, ${cache.last.replayed.length} replayed`,
    );
    expect(cache.last.replayed).toEqual([]);
    expectSame(again, first);
    for (const edit of EDITS) {
      const before = texts.get(edit.file)!;
      expect(before.split(edit.from)).toHaveLength(2);
      const after = before.replace(edit.from, edit.to);
      texts.set(edit.file, after);
      workspace.applyChange(edit.file, new TextEncoder().encode(after));
      const cached = await analyse(cache);
      const { reused, replayed } = cache.last;
      const fresh = await analyse();
      console.log(
        `reuse 6.1: ${edit.name}: cached ${cached.ms.toFixed(0)} ms (replay ${cached.replayMs.toFixed(0)} ms), fresh ${fresh.ms.toFixed(0)} ms (replay ${fresh.replayMs.toFixed(0)} ms), ${reused.length} reused, ${replayed.length} replayed (${replayed.join(', ')})`,
      );
      expect(reused.length + replayed.length).toBe(fresh.analysis.roots.length);
      expectSame(cached, fresh);
    }
  }, 1_800_000);
});
