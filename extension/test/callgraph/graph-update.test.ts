// Bringing a call graph up to date after an edit: relinks only the edited file when no other file can link
// differently, and says why not otherwise. Every updated graph is compared with a fresh build, map order included.

import { describe, expect, it } from 'vitest';
import { buildCallGraph } from '../../src/core/callgraph/graph.js';
import { updateCallGraph } from '../../src/core/callgraph/graph-update.js';
import { defaultConfig } from '../../src/core/kernel/config.js';
import { lines } from '../syntax/parse.js';
import { edgeLines, graphDigest, inlineTree } from './tree.js';

const config = defaultConfig('x86');

const tree = {
  'mm/memory_hotplug.c': lines(
    'static int check_range(unsigned long start) { return 0; }',
    'int add_memory(int nid, unsigned long start) {',
    '  check_range(start);',
    '  return arch_add_memory(nid, start);',
    '}',
    'static struct memory_block_ops ops = { .online = add_memory };',
  ),
  'arch/x86/mm/init_64.c': lines('int arch_add_memory(int nid, unsigned long start) { return helper(); }'),
  'mm/helper.c': lines('int helper(void) { return 1; }', 'int other(void) { return check_range(1); }'),
  'mm/user.c': lines('int probe(void) { return add_memory(0, 0); }'),
};

async function edited(path: string, text: string) {
  const { workspace, snapshot, graph } = await inlineTree(tree);
  workspace.applyChange(path, new TextEncoder().encode(text));
  const next = workspace.snapshot();
  return { update: updateCallGraph(graph, snapshot, next, config), fresh: buildCallGraph(next, config) };
}

describe('updateCallGraph', () => {
  describe('relinks only the edited file', () => {
    const valid: { name: string; path: string; text: string; edges?: string[] }[] = [
      {
        name: 'lines inserted above every definition (ids move, callers in other files follow)',
        path: 'mm/memory_hotplug.c',
        text: `\n\n${tree['mm/memory_hotplug.c']}`,
        edges: [
          'add_memory -> check_range@mm/memory_hotplug.c:3 (direct) mm/memory_hotplug.c:5',
          'add_memory -> arch_add_memory@arch/x86/mm/init_64.c:1 (direct) mm/memory_hotplug.c:6',
          'arch_add_memory -> helper@mm/helper.c:1 (direct) arch/x86/mm/init_64.c:1',
          'probe -> add_memory@mm/memory_hotplug.c:4 (direct) mm/user.c:1',
        ],
      },
      {
        name: 'a body edit that keeps every call',
        path: 'mm/memory_hotplug.c',
        text: tree['mm/memory_hotplug.c'].replace('return 0;', 'return start ? -22 : 0;'),
      },
      {
        name: 'a second call of a name the file already calls',
        path: 'mm/memory_hotplug.c',
        text: tree['mm/memory_hotplug.c'].replace('  check_range(start);', '  check_range(start); check_range(0);'),
      },
      {
        name: 'an edit of a file no other file calls into',
        path: 'mm/user.c',
        text: lines('', 'int probe(void) {', '  return add_memory(0, 0);', '}'),
      },
    ];
    for (const c of valid)
      it(c.name, async () => {
        const { update, fresh } = await edited(c.path, c.text);
        if (!('graph' in update)) throw new Error(`rebuilt: ${update.rebuild}`);
        expect(update.relinked).toEqual([c.path]);
        expect(graphDigest(update.graph)).toBe(graphDigest(fresh));
        if (c.edges) expect(edgeLines(update.graph)).toEqual(c.edges);
      });
  });

  describe('asks for a full build when other files could link differently', () => {
    const invalid: { name: string; path: string; text: string; rebuild: string }[] = [
      {
        name: 'a new definition',
        path: 'mm/helper.c',
        text: `${tree['mm/helper.c']}int check_range(unsigned long s) { return 1; }\n`,
        rebuild: 'mm/helper.c: the functions it defines changed',
      },
      {
        name: 'a static made global',
        path: 'mm/memory_hotplug.c',
        text: tree['mm/memory_hotplug.c'].replace('static int check_range', 'int check_range'),
        rebuild: 'mm/memory_hotplug.c: a definition changed',
      },
      {
        name: 'a call of a name the file did not call',
        path: 'mm/user.c',
        text: lines('int probe(void) { helper(); return add_memory(0, 0); }'),
        rebuild: 'mm/user.c: the names it calls changed',
      },
      {
        name: 'an ops binding changed',
        path: 'mm/memory_hotplug.c',
        text: tree['mm/memory_hotplug.c'].replace('.online = add_memory', '.offline = add_memory'),
        rebuild: 'mm/memory_hotplug.c: an ops binding changed',
      },
    ];
    for (const c of invalid)
      it(c.name, async () => {
        const { update } = await edited(c.path, c.text);
        expect(update).toEqual({ rebuild: c.rebuild });
      });
  });

  it('returns the same graph when nothing changed', async () => {
    const { snapshot, graph } = await inlineTree(tree);
    expect(updateCallGraph(graph, snapshot, snapshot, config)).toEqual({ graph, relinked: [] });
  });

  it('brings an updated graph up to date again', async () => {
    const { workspace, snapshot, graph } = await inlineTree(tree);
    const enc = new TextEncoder();
    workspace.applyChange('mm/memory_hotplug.c', enc.encode(`\n${tree['mm/memory_hotplug.c']}`));
    const second = workspace.snapshot();
    const once = updateCallGraph(graph, snapshot, second, config);
    if (!('graph' in once)) throw new Error(once.rebuild);
    workspace.applyChange('mm/memory_hotplug.c', enc.encode(tree['mm/memory_hotplug.c']));
    const third = workspace.snapshot();
    const twice = updateCallGraph(once.graph, second, third, config);
    if (!('graph' in twice)) throw new Error(twice.rebuild);
    expect(graphDigest(twice.graph)).toBe(graphDigest(graph));
  });
});
