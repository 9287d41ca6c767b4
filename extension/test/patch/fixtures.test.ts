// The fixture series (test-fixtures/series, see its README) read and applied to linux-4.19-shape in memory.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applySeries } from '../../src/core/patch/apply.js';
import { readSeries } from '../../src/core/patch/series.js';
import { problemLine } from '../../src/core/patch/types.js';

const fixtures = join(__dirname, '../../../test-fixtures');
const tree = join(fixtures, 'linux-4.19-shape');
const readTree = (p: string) => {
  const abs = join(tree, p);
  return existsSync(abs) && statSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
};

async function review(...files: string[]) {
  const series = await readSeries(files.map((f) => ({ name: f, bytes: readFileSync(join(fixtures, f)) })));
  const applied = applySeries(series.mails, readTree);
  return {
    series,
    applied,
    hunks: applied.hunks.map(
      (h) =>
        `${h.mail} ${h.path}#${h.hunk} ${h.status}${h.line ? ` @${h.line}` : ''}${h.reason ? `: ${h.reason}` : ''}`,
    ),
    problems: [...series.problems, ...applied.problems].map(problemLine),
  };
}

const CLEAN_SERIES = [
  '1 include/linux/memory_hotplug.h#1 clean @91',
  '2 mm/memory_hotplug.c#1 clean @472',
  '3 kernel/memremap.c#1 clean @119',
  '3 kernel/memremap.c#2 clean @207',
  '3 kernel/memremap.c#3 clean @228',
  '4 mm/hmm.c#1 clean @102',
  '4 mm/hmm.c#2 clean @112',
  '4 mm/hmm.c#3 clean @185',
  '5 include/linux/memory_hotplug.h#1 clean @95',
];

describe('fixture series', () => {
  it('applies the mbox cleanly, cover letter first, and maps + lines to the README table', async () => {
    const { series, applied, hunks, problems } = await review('series/add-device-memory.mbox');
    expect(problems).toEqual([]);
    expect(series.mails.map((m) => m.subject)).toEqual([
      '[PATCH 0/5] mm/memory_hotplug: Factor out ZONE_DEVICE hot-add/remove',
      '[PATCH 1/5] mm/memory_hotplug: Add prototypes for add/del_device_memory',
      '[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions',
      '[PATCH 3/5] kernel/memremap: Use add/del_device_memory',
      '[PATCH 4/5] mm/hmm: Use add/del_device_memory',
      '[PATCH 5/5] mm/memory_hotplug: Document the hotplug lock around the device memory helpers',
    ]);
    expect(hunks).toEqual(CLEAN_SERIES);
    const at = (path: string, line: number) => {
      const added = applied.lineMap.addedBy(path, line);
      return added ? `${added.at.file}:${added.at.line} mail ${added.mail} hunk ${added.hunk}` : 'tree';
    };
    expect([
      at('mm/memory_hotplug.c', 540),
      at('mm/hmm.c', 191),
      at('kernel/memremap.c', 210),
      at('kernel/memremap.c', 122),
      at('mm/hmm.c', 116),
      at('mm/memory_hotplug.c', 495),
      at('mm/memory_hotplug.c', 538),
      at('mm/memory_hotplug.c', 757),
      at('mm/memory_hotplug.c', 498),
      at('mm/memory_hotplug.c', 503),
      at('mm/memory_hotplug.c', 544),
      at('mm/memory_hotplug.c', 511),
    ]).toEqual([
      'series/add-device-memory.mbox:196 mail 2 hunk 1',
      'series/add-device-memory.mbox:346 mail 4 hunk 3',
      'series/add-device-memory.mbox:260 mail 3 hunk 2',
      'series/add-device-memory.mbox:240 mail 3 hunk 1',
      'series/add-device-memory.mbox:317 mail 4 hunk 2',
      'series/add-device-memory.mbox:151 mail 2 hunk 1',
      'series/add-device-memory.mbox:194 mail 2 hunk 1',
      'tree',
      'series/add-device-memory.mbox:154 mail 2 hunk 1',
      'series/add-device-memory.mbox:159 mail 2 hunk 1',
      'series/add-device-memory.mbox:200 mail 2 hunk 1',
      'series/add-device-memory.mbox:167 mail 2 hunk 1',
    ]);
  });

  it('gives the same result from the format-patch directory', async () => {
    const dir = 'series/add-device-memory';
    const { hunks, problems, applied } = await review(...readdirSync(join(fixtures, dir)).map((n) => `${dir}/${n}`));
    expect(problems).toEqual([]);
    expect(hunks).toEqual(CLEAN_SERIES);
    expect(applied.lineMap.addedBy('mm/memory_hotplug.c', 540)?.at).toEqual({
      file: `${dir}/0002-mm-memory_hotplug-Create-add-del_device_memory-funct.patch`,
      line: 105,
    });
  });

  it('maps the planted lines of the variants', async () => {
    const pfn = await review('series/variants/undeclared-pfn.mbox');
    expect(pfn.applied.lineMap.addedBy('mm/memory_hotplug.c', 540)?.at.line).toBe(197);
    const proto = await review('series/variants/prototype-mismatch.mbox');
    expect([100, 102].map((l) => proto.applied.lineMap.addedBy('include/linux/memory_hotplug.h', l)?.at.line)).toEqual([
      84, 86,
    ]);
    expect([489, 532].map((l) => proto.applied.lineMap.addedBy('mm/memory_hotplug.c', l)?.at.line)).toEqual([144, 187]);
    const resize = await review('series/variants/resize-after-done.mbox');
    expect(resize.applied.lineMap.addedBy('kernel/memremap.c', 215)?.at.line).toBe(261);
    const hostile = await review('series/variants/hostile.patch');
    expect(hostile.hunks).toEqual(['0 mm/memory_hotplug.c#1 clean @83']);
    expect(hostile.applied.lineMap.addedBy('mm/memory_hotplug.c', 94)?.at.line).toBe(34);
  });

  it('reports each malformed variant in one line and reviews what it can', async () => {
    const m = (name: string) => review(`series/variants/malformed/${name}`);
    const dir = 'series/variants/malformed';
    const a = await m('a-wrong-hunk-count.patch');
    expect(a.problems).toEqual([
      `${dir}/a-wrong-hunk-count.patch:1: series is missing 2/5, 3/5, 4/5, 5/5; reviewing the patches present`,
      `${dir}/a-wrong-hunk-count.patch:27: [PATCH 1/5] mm/memory_hotplug: Add prototypes for add/del_device_memory: include/linux/memory_hotplug.h hunk #1: hunk shorter than its header says (truncated, or wrong line counts): header says -91,6 +91,17 but it ends at the end of the mail after 6 old and 15 new lines; not applied`,
    ]);
    const b = await m('b-garbage-between-hunks.patch');
    expect(b.hunks).toEqual([
      '0 kernel/memremap.c#1 clean @119',
      '0 kernel/memremap.c#2 clean @207',
      '0 kernel/memremap.c#3 clean @228',
    ]);
    expect(b.problems[0]).toBe(
      `${dir}/b-garbage-between-hunks.patch:35: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: kernel/memremap.c: text that is not part of any hunk: "This sentence is not part of any hunk."`,
    );
    const c = await m('c-truncated.patch');
    expect(c.hunks).toEqual([
      '0 mm/memory_hotplug.c#1 failed: hunk shorter than its header says (truncated, or wrong line counts): header says -472,6 +472,83 but it ends at the end of the mail after 3 old and 30 new lines',
    ]);
    const d = await m('d-context-mismatch.patch');
    expect(d.hunks).toEqual([
      '0 mm/hmm.c#1 clean @102',
      '0 mm/hmm.c#2 clean @112',
      '0 mm/hmm.c#3 fuzz @185: ignored context "\tmem_hotplug_start();" (patch line 53); the file has "\tmem_hotplug_begin();" at line 186',
    ]);
    const e = await m('e-no-diff.eml');
    expect(e.problems[0]).toBe(
      `${dir}/e-no-diff.eml:1: [PATCH 3/5] kernel/memremap: Use add/del_device_memory: no diff in this mail`,
    );
    expect((await m('f-empty.patch')).problems).toEqual([`${dir}/f-empty.patch:1: empty file`]);
    const g = await m('g-binary-diff.patch');
    expect(g.problems).toEqual([
      `${dir}/g-binary-diff.patch:14: [PATCH] mm: Add a binary memory layout blob: mm/hotplug-layout.bin: binary diff; not applied (the rest of the mail is reviewed)`,
    ]);
    for (const name of ['h-quoted-printable.eml', 'h-base64.eml']) {
      const h = await m(name);
      expect(h.hunks).toEqual([
        '0 kernel/memremap.c#1 clean @119',
        '0 kernel/memremap.c#2 clean @207',
        '0 kernel/memremap.c#3 clean @228',
      ]);
    }
  });
});
