// Review runs on an overlay: the base snapshot (and the workspace it came from) is the same after a review
// as before it, and a second review of the same series gives the same report, byte for byte.

import { beforeAll, describe, expect, it } from 'vitest';
import { review } from '../../src/core/patch/review.js';
import { formatReviewJson } from '../../src/core/report/review-json.js';
import type { Snapshot } from '../../src/core/workspace/workspace.js';
import { fixtureSources, fixtureTree, type FixtureTree } from '../patch/tree.js';
import { reportOf } from '../../src/core/patch/review-report.js';

const SERIES = 'series/add-device-memory.mbox';
const PATCHED = 'mm/memory_hotplug.c';

/** Everything a snapshot holds, as plain data. */
function contents(s: Snapshot) {
  return {
    files: [...s.files.values()].map((f) => [f.path, f.hash, f.facts.functions.map((fn) => fn.name).join(',')]),
    notes: s.notes.map((n) => `${n.path}:${n.line ?? ''} ${n.message}`),
    patchedText: s.text(PATCHED),
  };
}

let tree: FixtureTree;
beforeAll(async () => {
  tree = await fixtureTree();
});

describe('review on an overlay', () => {
  it('leaves the base snapshot and the workspace as they were, and is the same twice', async () => {
    const base = tree.workspace.snapshot();
    const before = JSON.stringify(contents(base));
    const input = { base, patches: fixtureSources(SERIES), readTree: tree.readTree, analysis: { scenario: 'altmap' } };

    const first = await review(input);
    expect(JSON.stringify(contents(base))).toBe(before);
    expect(JSON.stringify(contents(tree.workspace.snapshot()))).toBe(before);
    // The series does change the file: the overlay holds the new text, the base the old one.
    expect(first.afterSnapshot.text(PATCHED)).not.toBe(base.text(PATCHED));
    expect(first.afterSnapshot.files.get(PATCHED)!.hash).not.toBe(base.files.get(PATCHED)!.hash);
    expect(first.after.graph.resolver.named('add_device_memory')).toHaveLength(1);
    expect(first.before.graph.resolver.named('add_device_memory')).toHaveLength(0);

    const second = await review(input);
    expect(JSON.stringify(contents(base))).toBe(before);
    expect(formatReviewJson(reportOf(second))).toBe(formatReviewJson(reportOf(first)));
    expect(first.findings.filter((f) => f.status === 'new').length).toBeGreaterThan(0);
  });
});
