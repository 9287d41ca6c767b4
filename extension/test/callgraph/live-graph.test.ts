import { describe, expect, it } from 'vitest';
import { LiveGraph } from '../../src/core/analysis/live-graph.js';
import { defaultConfig } from '../../src/core/kernel/config.js';
import { lines } from '../syntax/parse.js';
import { inlineTree } from './tree.js';

const tree = {
  'mm/a.c': lines('int helper(void) { return 1; }'),
  'mm/b.c': lines('int user(void) { return helper(); }'),
};

describe('LiveGraph', () => {
  it('builds first, then updates from the graph it was given, and builds again for another configuration', async () => {
    const { workspace, snapshot, graph } = await inlineTree(tree);
    const live = new LiveGraph();
    expect(live.graphFor(snapshot, defaultConfig('x86'))).toBeUndefined();
    expect(live.lastOutcome).toBe('built (no graph of this configuration yet)');
    live.remember(snapshot, graph, defaultConfig('x86'));
    workspace.applyChange('mm/b.c', new TextEncoder().encode(`\n${tree['mm/b.c']}`));
    const edited = workspace.snapshot();
    const updated = live.graphFor(edited, defaultConfig('x86'));
    expect(live.lastOutcome).toBe('updated (1 files relinked)');
    expect(updated?.outgoing.get('user@mm/b.c:2')?.map((e) => `${e.callee} ${e.line}`)).toEqual(['helper@mm/a.c:1 2']);
    expect(live.graphFor(edited, defaultConfig('arm64'))).toBeUndefined();
    workspace.applyChange('mm/b.c', new TextEncoder().encode(`${tree['mm/b.c']}int more(void) { return 0; }\n`));
    expect(live.graphFor(workspace.snapshot(), defaultConfig('x86'))).toBeUndefined();
    expect(live.lastOutcome).toBe('built (mm/b.c: the functions it defines changed)');
    live.forget();
    expect(live.graphFor(edited, defaultConfig('x86'))).toBeUndefined();
  });
});
