// Replay reuse between analyses (analysis/reuse.ts): after an edit, only the roots whose reads changed are
// replayed, and the analysis with the cache equals a fresh one (findings, notes, roots, the hover index).
// Each case is a small tree of our own C with three entries, edited once.

import { describe, expect, it } from 'vitest';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { analyze } from '../../src/core/analysis/analyze.js';
import { ReplayCache } from '../../src/core/analysis/reuse.js';
import { SimulationIndex } from '../../src/core/views/hover.js';
import { expectSameAnalysis, type Outcome } from './same-analysis.js';
import { cParser } from '../syntax/parse.js';
import { DEVICE_HOTPLUG_C, HOTPLUG_LOCK_C } from '../rules/snippets.js';

const ENTRY_A = `
static void grow_a(unsigned long start)
{
	kasan_add_zero_shadow((void *)start, 4096);
}

int entry_a(unsigned long start)
{
	mem_hotplug_begin();
	grow_a(start);
	helper_x();
	mem_hotplug_done();
	return 0;
}
`;

const ENTRY_B = `
/* Called under device_hotplug_lock. */
static int publish_b(unsigned long start)
{
	return online_pages(start, 1);
}

int entry_b(unsigned long start)
{
	int ret;

	lock_device_hotplug();
	ret = publish_b(start);
	unlock_device_hotplug();
	return ret;
}
`;

const ENTRY_C = `
struct block_ops {
	int (*online)(unsigned long start);
};

struct block {
	struct block_ops *ops;
};

int entry_c(struct block *b, unsigned long start)
{
	int ret;

	mem_hotplug_begin();
	ret = b->ops->online(start);
	mem_hotplug_done();
	return ret;
}
`;

const OTHER = `
int unrelated_counter(int x)
{
	return x + 1;
}
`;

const TREE: Record<string, string> = {
  'mm/memory_hotplug.c': HOTPLUG_LOCK_C,
  'drivers/base/core.c': DEVICE_HOTPLUG_C,
  'mm/entry_a.c': ENTRY_A,
  'drivers/base/entry_b.c': ENTRY_B,
  'mm/entry_c.c': ENTRY_C,
  'lib/other.c': OTHER,
};

const ENTRIES = ['entry_a', 'entry_b', 'entry_c'];

function run(ws: Workspace, reuse?: ReplayCache): Outcome {
  const simulation = new SimulationIndex();
  const analysis = analyze(ws.snapshot(), {
    trace: false,
    entries: ENTRIES,
    tap: simulation,
    ...(reuse ? { reuse } : {}),
  });
  return { analysis, simulation };
}

/** Analyses the tree with a cache, applies `edit`, analyses again with it; returns the second run and a fresh one. */
async function afterEdit(edit: Record<string, string>, unreadable?: string) {
  const enc = new TextEncoder();
  const current = new Map(Object.entries(TREE));
  const ws = new Workspace(
    await cParser(),
    undefined,
    unreadable ? (path) => (path === unreadable ? undefined : enc.encode(current.get(path) ?? '')) : true,
  );
  for (const [path, text] of Object.entries(TREE)) ws.applyChange(path, enc.encode(text));
  const cache = new ReplayCache();
  const first = run(ws, cache);
  expect(cache.last.reused).toEqual([]);
  for (const [path, text] of Object.entries(edit)) {
    current.set(path, text);
    ws.applyChange(path, enc.encode(text));
  }
  const cached = run(ws, cache);
  const fresh = run(ws);
  expectSameAnalysis(cached, fresh);
  return { first, cached, fresh, last: cache.last };
}

const A = 'entry_a@mm/entry_a.c:7';
const B = 'entry_b@drivers/base/entry_b.c:8';
const C = 'entry_c@mm/entry_c.c:10';

describe('replay reuse', () => {
  it('reuses every root when nothing changed, with the same findings as the first run', async () => {
    const r = await afterEdit({});
    expect(r.last).toEqual({ reused: [A, B, C], replayed: [] });
    expect(r.cached.analysis.findings).toEqual(r.first.analysis.findings);
    expect(r.fresh.analysis.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual([
      'kasan-under-hotplug-lock mm/entry_a.c:4',
    ]);
  });

  it('replays only the root that reaches an edited body', async () => {
    const r = await afterEdit({
      'mm/entry_a.c': ENTRY_A.replace(
        'kasan_add_zero_shadow((void *)start, 4096);',
        'kasan_remove_zero_shadow((void *)start, 4096);',
      ),
    });
    expect(r.last).toEqual({ reused: [B, C], replayed: [A] });
    expect(r.fresh.analysis.findings.map((f) => f.message)).not.toEqual(
      r.first.analysis.findings.map((f) => f.message),
    );
  });

  it('reuses every root after an edit of a file no root reads', async () => {
    const r = await afterEdit({ 'lib/other.c': OTHER.replace('x + 1', 'x + 2') });
    expect(r.last).toEqual({ reused: [A, B, C], replayed: [] });
  });

  it('replays the root whose call now resolves to a new definition', async () => {
    const r = await afterEdit({
      'lib/helper.c': 'void helper_x(void)\n{\n\tmsleep(1);\n}\n',
    });
    expect(r.last).toEqual({ reused: [B, C], replayed: [A] });
  });

  it('replays the root whose ops call gains a target from a new table binding', async () => {
    const r = await afterEdit({
      'mm/entry_c.c': `${ENTRY_C}
static int block_online(unsigned long start)
{
	return online_pages(start, 1);
}

static struct block_ops default_ops = {
	.online = block_online,
};
`,
    });
    expect(r.last).toEqual({ reused: [A, B], replayed: [C] });
  });

  it('reuses the root below an inserted line in its new lines (its id moved; see reuse-shift.test.ts)', async () => {
    const r = await afterEdit({ 'drivers/base/entry_b.c': `\n${ENTRY_B}` });
    expect(r.last).toEqual({ reused: [A, 'entry_b@drivers/base/entry_b.c:9', C], replayed: [] });
  });

  it('keeps the note of an unreadable file that a reused root reads', async () => {
    const r = await afterEdit({ 'lib/other.c': OTHER.replace('x + 1', 'x + 2') }, 'mm/entry_c.c');
    expect(r.last).toEqual({ reused: [A, B, C], replayed: [] });
    expect(r.fresh.analysis.truncations).toContain('mm/entry_c.c: source text not available for replay');
  });

  it("replays the root whose callee's lock contract comment changed", async () => {
    const r = await afterEdit({
      'drivers/base/entry_b.c': ENTRY_B.replace(
        '/* Called under device_hotplug_lock. */',
        '/* Called under mem_hotplug_lock.  */',
      ),
    });
    expect(r.last).toEqual({ reused: [A, C], replayed: [B] });
    expect(r.fresh.analysis.findings.map((f) => f.ruleId)).toContain('requires-lock');
  });
});
