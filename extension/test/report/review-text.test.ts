// The apply section of the text report for broken input: fuzz, failures, binary diffs and problems, each
// on one line naming the patch and hunk, and the rest still reviewed.
import { describe, expect, it } from 'vitest';
import { formatReviewText } from '../../src/core/report/review-text.js';
import { fixtureSources, fixtureTree, reviewWith } from '../patch/tree.js';

describe('text report for malformed input', () => {
  it('lists per-hunk results first, then the problems that are not hunk results', async () => {
    const tree = await fixtureTree();
    const dir = 'series/variants/malformed';
    const r = await reviewWith(
      tree,
      fixtureSources(
        `${dir}/c-truncated.patch`,
        `${dir}/b-garbage-between-hunks.patch`,
        `${dir}/d-context-mismatch.patch`,
        `${dir}/g-binary-diff.patch`,
        `${dir}/f-empty.patch`,
      ),
    );
    expect(r.reviewed).toBe(true);
    expect(formatReviewText(r).split('\n')).toEqual([
      'Applying: [PATCH] mm: Add a binary memory layout blob',
      '  new file mm/hotplug-layout.bin: binary (binary diff; not applied)',
      'Applying: [PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions',
      '  mm/memory_hotplug.c hunk #1: FAILED: hunk shorter than its header says (truncated, or wrong line counts): header says -472,6 +472,83 but it ends at the end of the mail after 3 old and 30 new lines',
      'Applying: [PATCH 3/5] kernel/memremap: Use add/del_device_memory',
      '  kernel/memremap.c hunk #1: applied cleanly at line 119',
      '  kernel/memremap.c hunk #2: applied cleanly at line 207',
      '  kernel/memremap.c hunk #3: applied cleanly at line 228',
      'Applying: [PATCH 4/5] mm/hmm: Use add/del_device_memory',
      '  mm/hmm.c hunk #1: applied cleanly at line 102',
      '  mm/hmm.c hunk #2: applied cleanly at line 112',
      '  mm/hmm.c hunk #3: applied with fuzz 2 (line 185): ignored context "\tmem_hotplug_start();" (patch line 53); the file has "\tmem_hotplug_begin();" at line 186',
      '',
      'Problems:',
      `  ${dir}/b-garbage-between-hunks.patch:35: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: kernel/memremap.c: text that is not part of any hunk: "This sentence is not part of any hunk."`,
      `  ${dir}/f-empty.patch:1: empty file`,
      `  ${dir}/g-binary-diff.patch:1: series is missing 1/5, 5/5; reviewing the patches present`,
      `  ${dir}/g-binary-diff.patch:14: [PATCH] mm: Add a binary memory layout blob: mm/hotplug-layout.bin: binary diff; not applied (the rest of the mail is reviewed)`,
      '',
      'New findings:',
      '   (none)',
      '',
      'Fixed findings:',
      '   (none)',
      '',
      'Old findings:',
      '   (none)',
      '',
      '0 new, 0 fixed, 0 old; 6 of 7 hunks applied',
    ]);
  });

  it('says when nothing could be reviewed', async () => {
    const tree = await fixtureTree();
    const r = await reviewWith(
      tree,
      fixtureSources('series/variants/malformed/f-empty.patch', 'series/variants/malformed/e-no-diff.eml'),
    );
    expect(r.reviewed).toBe(false);
    expect(formatReviewText(r).split('\n').slice(-1)).toEqual([
      '0 new, 0 fixed, 0 old; 0 of 0 hunks applied; nothing could be reviewed',
    ]);
  });
});
