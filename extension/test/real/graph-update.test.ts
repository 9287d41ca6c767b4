// The call graph brought up to date after editor-like edits of Debian's 6.1 and 6.12 hotplug scopes is the
// graph a fresh build makes (map order included); prints the time of each update beside a fresh build.

import { beforeAll, describe, expect, it } from 'vitest';
import { buildCallGraph, type CallGraph } from '../../src/core/callgraph/graph.js';
import { updateCallGraph } from '../../src/core/callgraph/graph-update.js';
import { defaultConfig } from '../../src/core/kernel/config.js';
import { Workspace, type Snapshot } from '../../src/core/workspace/workspace.js';
import { listTreeFiles, loadTree, readScopeFile } from '../../src/surfaces/node/tree.js';
import { graphDigest } from '../callgraph/tree.js';
import { cParser } from '../patch/tree.js';
import { forEachYielding, kernelRoot, type DebianRelease } from './kernel.js';

const config = defaultConfig('x86');

interface Loaded {
  root: string;
  workspace: Workspace;
  snapshot: Snapshot;
  graph: CallGraph;
}

async function load(release: DebianRelease): Promise<Loaded> {
  const root = kernelRoot(release);
  const workspace = new Workspace(await cParser(), undefined, true);
  await forEachYielding(listTreeFiles(root), (file) => loadTree(workspace, root, [file]));
  const snapshot = workspace.snapshot();
  return { root, workspace, snapshot, graph: buildCallGraph(snapshot, config) };
}

function text(t: Loaded, path: string): string {
  const read = readScopeFile(t.root, path);
  if (!('bytes' in read)) throw new Error(read.note);
  return new TextDecoder().decode(read.bytes);
}

/** The file with `insert` put before line `line` (1-based). */
function insertedAt(source: string, line: number, insert: string): string {
  const rows = source.split('\n');
  rows.splice(line - 1, 0, insert);
  return rows.join('\n');
}

interface Edit {
  name: string;
  path: string;
  edit: (source: string) => string;
  /** The files relinked, or why a full build is needed. */
  expect: { relinked: string[] } | { rebuild: string };
}

const EDITS: Edit[] = [
  {
    name: 'an empty line above a definition in the middle of the file',
    path: 'mm/memory_hotplug.c',
    edit: (s) => insertedAt(s, 1026, ''),
    expect: { relinked: ['mm/memory_hotplug.c'] },
  },
  {
    name: 'another error code returned, no line moved',
    path: 'mm/memory_hotplug.c',
    edit: (s) => s.replace('return -EINVAL;', 'return -EBUSY;'),
    expect: { relinked: ['mm/memory_hotplug.c'] },
  },
  {
    name: 'a comment line at the top of drivers/base/memory.c',
    path: 'drivers/base/memory.c',
    edit: (s) => `/* reviewed */\n${s}`,
    expect: { relinked: ['drivers/base/memory.c'] },
  },
  {
    name: 'a new function at the end of the file',
    path: 'mm/memory_hotplug.c',
    edit: (s) => `${s}\nint reviewer_probe(void)\n{\n\treturn 0;\n}\n`,
    expect: { rebuild: 'mm/memory_hotplug.c: the functions it defines changed' },
  },
];

for (const release of ['6.1', '6.12'] as const)
  describe(`call graph updates on linux-source-${release}`, () => {
    let tree: Loaded;
    beforeAll(async () => {
      tree = await load(release);
    }, 600_000);

    for (const e of EDITS)
      it(e.name, { timeout: 120_000 }, () => {
        const original = text(tree, e.path);
        tree.workspace.applyChange(e.path, new TextEncoder().encode(e.edit(original)));
        const next = tree.workspace.snapshot();
        try {
          let t = performance.now();
          const update = updateCallGraph(tree.graph, tree.snapshot, next, config);
          const updateMs = performance.now() - t;
          t = performance.now();
          const fresh = buildCallGraph(next, config);
          const freshMs = performance.now() - t;
          if ('graph' in update) {
            expect({ relinked: update.relinked }).toEqual(e.expect);
            expect(graphDigest(update.graph)).toBe(graphDigest(fresh));
            console.log(
              `${release} ${e.path}, ${e.name}: update ${updateMs.toFixed(0)} ms, fresh build ${freshMs.toFixed(0)} ms`,
            );
          } else expect(update).toEqual(e.expect);
        } finally {
          tree.workspace.applyChange(e.path, new TextEncoder().encode(original));
        }
      });
  });
