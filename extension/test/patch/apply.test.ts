import { describe, expect, it } from 'vitest';
import { applySeries, type ReadTree } from '../../src/core/patch/apply.js';
import { readSeries } from '../../src/core/patch/series.js';
import { problemLine } from '../../src/core/patch/types.js';
import { rows, source } from './helpers.js';

const numbered = (n: number, from = 1) => Array.from({ length: n }, (_, k) => `line ${k + from}`);

function treeOf(files: Record<string, string>): ReadTree {
  return (p) => files[p];
}

async function apply(diff: string, files: Record<string, string>) {
  const series = await readSeries([source('t.diff', diff)]);
  return { series, applied: applySeries(series.mails, treeOf(files)) };
}

const status = (a: Awaited<ReturnType<typeof apply>>['applied']) =>
  a.hunks.map(
    (h) =>
      `${h.path}#${h.hunk} ${h.status} offset=${h.offset} fuzz=${h.fuzz} line=${h.line ?? '-'}${h.reason ? ` ${h.reason}` : ''}`,
  );

describe('applySeries', () => {
  it('applies cleanly, at an offset, and with fuzz, and says which', async () => {
    const tree = rows('extra 1', 'extra 2', ...numbered(30));
    const diff = rows(
      '--- a/f.c',
      '+++ b/f.c',
      '@@ -2,3 +2,3 @@',
      ' line 2',
      '-line 3',
      '+LINE 3',
      ' line 4',
      '@@ -19,6 +19,6 @@',
      ' changed context',
      ' line 20',
      ' line 21',
      '-line 22',
      '+LINE 22',
      ' line 23',
      ' line 24',
    );
    // Hunk 1 is stated at line 2 but the file has two extra lines first: offset 2.
    // Hunk 2's first context line matches nowhere: fuzz 1 drops it (and the last one).
    const { applied } = await apply(diff, { 'f.c': tree });
    expect(status(applied)).toEqual([
      'f.c#1 offset offset=2 fuzz=0 line=4',
      'f.c#2 fuzz offset=2 fuzz=1 line=21 ignored context "changed context" (patch line 9); the file has "line 19" at line 21',
    ]);
    const text = applied.files.get('f.c')!.text.split('\n');
    expect(text.slice(3, 6)).toEqual(['line 2', 'LINE 3', 'line 4']);
    expect(text.slice(22, 25)).toEqual(['line 21', 'LINE 22', 'line 23']);
    expect(applied.problems).toEqual([]);
  });

  it('reports a context mismatch naming the first differing line, and applies the other hunks', async () => {
    const tree = rows(...numbered(40));
    const diff = rows(
      '--- a/f.c',
      '+++ b/f.c',
      '@@ -5,3 +5,3 @@',
      ' nothing',
      ' like',
      '-this',
      '+THIS',
      '@@ -30,3 +30,3 @@',
      ' line 30',
      '-line 31',
      '+LINE 31',
      ' line 32',
    );
    const { applied } = await apply(diff, { 'f.c': tree });
    expect(status(applied)).toEqual([
      'f.c#1 failed offset=0 fuzz=0 line=- context mismatch at line 5: the hunk expects "nothing" (patch line 4), the file has "line 5", nor at any offset or with fuzz 2',
      'f.c#2 clean offset=0 fuzz=0 line=30',
    ]);
    expect(applied.problems.map(problemLine)).toEqual([
      't.diff:3: t.diff: f.c hunk #1: context mismatch at line 5: the hunk expects "nothing" (patch line 4), the file has "line 5", nor at any offset or with fuzz 2',
    ]);
    expect(applied.files.get('f.c')!.text.split('\n')[30]).toBe('LINE 31');
  });

  it('fails every hunk of a missing file with the reason, and still applies the next file', async () => {
    const diff = rows(
      '--- a/gone.c',
      '+++ b/gone.c',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '--- a/here.c',
      '+++ b/here.c',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    );
    const { applied } = await apply(diff, { 'here.c': 'a\n' });
    expect(status(applied)).toEqual([
      'gone.c#1 failed offset=0 fuzz=0 line=- gone.c: no such file in the tree',
      'here.c#1 clean offset=0 fuzz=0 line=1',
    ]);
    expect(applied.files.get('here.c')!.text).toBe('b\n');
  });

  it('creates, deletes and renames files, and handles "No newline at end of file"', async () => {
    const diff = rows(
      'diff --git a/new.c b/new.c',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.c',
      '@@ -0,0 +1,2 @@',
      '+int a;',
      '+int b;',
      '\\ No newline at end of file',
      'diff --git a/old.c b/old.c',
      'deleted file mode 100644',
      '--- a/old.c',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-x',
      '-y',
      'diff --git a/mm/from.c b/mm/to.c',
      'similarity index 80%',
      'rename from mm/from.c',
      'rename to mm/to.c',
      '--- a/mm/from.c',
      '+++ b/mm/to.c',
      '@@ -1,2 +1,2 @@',
      ' keep',
      '-tail',
      '\\ No newline at end of file',
      '+TAIL',
    );
    const { applied } = await apply(diff, { 'old.c': 'x\ny\n', 'mm/from.c': 'keep\ntail' });
    expect(status(applied)).toEqual([
      'new.c#1 clean offset=0 fuzz=0 line=1',
      'old.c#1 clean offset=0 fuzz=0 line=1',
      'mm/to.c#1 clean offset=0 fuzz=0 line=1',
    ]);
    expect(applied.fileResults.map((f) => `${f.kind} ${f.oldPath}->${f.newPath} ${f.status}`)).toEqual([
      'add null->new.c applied',
      'delete old.c->null applied',
      'rename mm/from.c->mm/to.c applied',
    ]);
    expect([...applied.files.keys()].sort()).toEqual(['mm/to.c', 'new.c']);
    expect(applied.files.get('new.c')!.text).toBe('int a;\nint b;');
    expect(applied.files.get('mm/to.c')!.text).toBe('keep\nTAIL\n');
    expect(applied.removed).toEqual(['mm/from.c', 'old.c']);
  });

  it('refuses to create a file that exists and to touch paths outside the tree', async () => {
    const diff = rows(
      '--- /dev/null',
      '+++ b/a.c',
      '@@ -0,0 +1 @@',
      '+x',
      '--- a/../etc/passwd',
      '+++ b/../etc/passwd',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    );
    const { applied } = await apply(diff, { 'a.c': 'y\n' });
    expect(status(applied)).toEqual([
      'a.c#1 failed offset=0 fuzz=0 line=- a.c already exists in the tree; the patch creates it',
      '../etc/passwd#1 failed offset=0 fuzz=0 line=- refusing path "../etc/passwd": not a relative path inside the tree',
    ]);
    expect(applied.files.size).toBe(0);
  });

  it('does not apply invalid hunks and says why', async () => {
    const diff = rows('--- a/a.c', '+++ b/a.c', '@@ -1,2 +1,2 @@', '-a', '+b', '@@ -5 +5 @@', '-e', '+E');
    const { applied } = await apply(diff, { 'a.c': rows('a', 'b', 'c', 'd', 'e') });
    expect(status(applied)).toEqual([
      'a.c#1 failed offset=0 fuzz=0 line=- hunk shorter than its header says (truncated, or wrong line counts): header says -1,2 +1,2 but it ends at line 6 "@@ -5 +5 @@" after 1 old and 1 new lines',
      'a.c#2 clean offset=0 fuzz=0 line=5',
    ]);
    expect(applied.files.get('a.c')!.text).toBe(rows('a', 'b', 'c', 'd', 'E'));
  });

  it('keeps a line map: post line -> + line of the mail, tree line <-> post line, removed lines', async () => {
    const diff = rows(
      '--- a/f.c',
      '+++ b/f.c',
      '@@ -2,3 +2,4 @@',
      ' line 2',
      '-line 3',
      '+new 3a',
      '+new 3b',
      ' line 4',
    );
    const { applied } = await apply(diff, { 'f.c': rows(...numbered(6)) });
    const map = applied.lineMap;
    expect(map.addedBy('f.c', 3)).toEqual({ mail: 0, path: 'f.c', hunk: 1, at: { file: 't.diff', line: 6 } });
    expect(map.addedBy('f.c', 4)).toEqual({ mail: 0, path: 'f.c', hunk: 1, at: { file: 't.diff', line: 7 } });
    expect(map.addedBy('f.c', 5)).toBeUndefined();
    expect(map.toPost('f.c', 4)).toEqual({ path: 'f.c', line: 5 });
    expect(map.toPost('f.c', 3)).toBeUndefined();
    expect(map.removedBy('f.c', 3)).toEqual({ mail: 0, path: 'f.c', hunk: 1, at: { file: 't.diff', line: 5 } });
    expect(map.toPre('f.c', 6)).toEqual({ path: 'f.c', line: 5 });
    expect(map.toPre('f.c', 3)).toBeUndefined();
    expect(map.toPost('other.c', 9)).toEqual({ path: 'other.c', line: 9 });
  });
});
