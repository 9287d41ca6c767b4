// Replay reuse across edits that only move lines (analysis/line-shift.ts): a root whose reads, taken to the
// new lines, answer the same is reused with its events in the new lines; one whose reads changed is
// replayed. Each case edits a small tree of our own C once; the analysis with the cache equals a fresh one.

import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { analyze } from '../../src/core/analysis/analyze.js';
import { ReplayCache } from '../../src/core/analysis/reuse.js';
import { SimulationIndex } from '../../src/core/views/hover.js';
import { expectSameAnalysis, type Outcome } from './same-analysis.js';
import { cParser } from '../syntax/parse.js';
import { DEVICE_HOTPLUG_C, HOTPLUG_LOCK_C } from '../rules/snippets.js';

const GROW = `
static void grow(unsigned long start)
{
	kasan_add_zero_shadow((void *)start, 4096);
}

int entry_a(unsigned long start)
{
	mem_hotplug_begin();
	grow(start);
	mem_hotplug_done();
	return 0;
}

/* Called under device_hotplug_lock. */
int entry_b(unsigned long start)
{
	return online_pages(start, 1);
}

void shrink(unsigned long start)
{
	kasan_remove_zero_shadow((void *)start, 4096);
}
`;

const ENTRY_C = `
int entry_c(unsigned long start)
{
	mem_hotplug_begin();
	shrink(start);
	mem_hotplug_done();
	return 0;
}
`;

const TREE: Record<string, string> = {
  'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
  'drivers/base/core.c': DEVICE_HOTPLUG_C,
  'mm/grow.c': GROW,
  'drivers/base/entry_c.c': ENTRY_C,
};

const A = 'entry_a@mm/grow.c:7';
const B = 'entry_b@mm/grow.c:16';
const C = 'entry_c@drivers/base/entry_c.c:2';

function run(ws: Workspace, reuse?: ReplayCache): Outcome {
  const simulation = new SimulationIndex();
  const analysis = analyze(ws.snapshot(), {
    trace: false,
    entries: ['entry_a', 'entry_b', 'entry_c'],
    tap: simulation,
    ...(reuse ? { reuse } : {}),
  });
  return { analysis, simulation };
}

/** Analyses the tree with a cache, edits mm/grow.c, analyses again with it; the second run must be the fresh one. */
async function afterEdit(edit: (text: string) => string) {
  const enc = new TextEncoder();
  const ws = new Workspace(await cParser(), undefined, true);
  for (const [path, text] of Object.entries(TREE)) ws.applyChange(path, enc.encode(text));
  const cache = new ReplayCache();
  run(ws, cache);
  expect(cache.last.reused).toEqual([]);
  const edited = edit(GROW);
  expect(edited).not.toBe(GROW);
  ws.applyChange('mm/grow.c', enc.encode(edited));
  const cached = run(ws, cache);
  const fresh = run(ws);
  expectSameAnalysis(cached, fresh);
  const findings = cached.analysis.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
  return { last: cache.last, findings };
}

const at = (id: string, line: number) => id.replace(/:\d+$/, `:${line}`);

describe('replay reuse across moved lines', () => {
  it('reuses every root after a blank line above all functions, its findings one line down', async () => {
    const r = await afterEdit((t) => `\n${t}`);
    expect(r.last).toEqual({ reused: [at(A, 8), at(B, 17), C], replayed: [] });
    expect(r.findings).toEqual([
      'kasan-under-hotplug-lock mm/grow.c:5',
      'kasan-under-hotplug-lock mm/grow.c:24',
      'unbalanced-teardown mm/grow.c:24',
    ]);
  });

  it('reuses the roots below a blank line between two functions, and the one above as it was', async () => {
    const r = await afterEdit((t) => t.replace('}\n\n/* Called', '}\n\n\n/* Called'));
    expect(r.last).toEqual({ reused: [A, at(B, 17), C], replayed: [] });
    expect(r.findings).toEqual([
      'kasan-under-hotplug-lock mm/grow.c:4',
      'kasan-under-hotplug-lock mm/grow.c:24',
      'unbalanced-teardown mm/grow.c:24',
    ]);
  });

  it('reuses every root after a blank line inside a body they replay', async () => {
    const r = await afterEdit((t) => t.replace('{\n\tkasan_add', '{\n\n\tkasan_add'));
    expect(r.last).toEqual({ reused: [at(A, 8), at(B, 17), C], replayed: [] });
    expect(r.findings).toEqual([
      'kasan-under-hotplug-lock mm/grow.c:5',
      'kasan-under-hotplug-lock mm/grow.c:24',
      'unbalanced-teardown mm/grow.c:24',
    ]);
  });

  it('reuses every root after a comment line inside a body', async () => {
    const r = await afterEdit((t) => t.replace('\tgrow(start);\n', '\t/* the new range */\n\tgrow(start);\n'));
    expect(r.last).toEqual({ reused: [A, at(B, 17), C], replayed: [] });
  });

  it('replays the root whose function gains a comment above it (its leading comment is part of its facts)', async () => {
    const r = await afterEdit((t) => t.replace('\nint entry_a', '\n/* Adds a range. */\nint entry_a'));
    expect(r.last).toEqual({ reused: [at(B, 17), C], replayed: [at(A, 8)] });
  });

  it('reuses every root after a deleted blank line, its findings one line up', async () => {
    const r = await afterEdit((t) => t.replace('}\n\nint entry_a', '}\nint entry_a'));
    expect(r.last).toEqual({ reused: [at(A, 6), at(B, 15), C], replayed: [] });
    expect(r.findings).toEqual([
      'kasan-under-hotplug-lock mm/grow.c:4',
      'kasan-under-hotplug-lock mm/grow.c:22',
      'unbalanced-teardown mm/grow.c:22',
    ]);
  });

  it('replays the root whose body changed as well as moved, and reuses the others moved', async () => {
    const r = await afterEdit((t) => `\n${t.replace('kasan_add_zero_shadow', 'kasan_remove_zero_shadow')}`);
    expect(r.last).toEqual({ reused: [at(B, 17), C], replayed: [at(A, 8)] });
  });
});
