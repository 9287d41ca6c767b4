import { describe, expect, it } from 'vitest';
import { parseDiff, unquote } from '../../src/core/patch/diff.js';

function parse(text: string) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return parseDiff({ lines, locate: (i) => ({ file: 'x.patch', line: i + 1 }), mail: '[PATCH] t' });
}

describe('parseDiff', () => {
  it('reads a git diff with two hunks and the patch line of every hunk line', () => {
    const { files, problems } = parse(
      [
        'diff --git a/mm/a.c b/mm/a.c',
        'index 1111111..2222222 100644',
        '--- a/mm/a.c',
        '+++ b/mm/a.c',
        '@@ -1,3 +1,3 @@ int f(void)',
        ' one',
        '-two',
        '+TWO',
        '',
        '@@ -10,2 +10,3 @@',
        ' ten',
        '+ten and a half',
        ' eleven',
        '-- ',
        '2.17.1',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(files).toHaveLength(1);
    const f = files[0]!;
    expect([f.oldPath, f.newPath, f.kind, f.binary, f.at.line]).toEqual(['mm/a.c', 'mm/a.c', 'modify', false, 1]);
    expect(
      f.hunks.map((h) => [h.number, h.oldStart, h.oldLines, h.newStart, h.newLines, h.section, h.at.line, h.invalid]),
    ).toEqual([
      [1, 1, 3, 1, 3, 'int f(void)', 5, undefined],
      [2, 10, 2, 10, 3, '', 10, undefined],
    ]);
    // The empty line 9 is a context line whose blank a mailer stripped.
    expect(f.hunks[0]!.lines.map((l) => `${l.at.line}${l.op}${l.text}`)).toEqual(['6 one', '7-two', '8+TWO', '9 ']);
    expect(f.hunks[1]!.lines.map((l) => `${l.at.line}${l.op}${l.text}`)).toEqual([
      '11 ten',
      '12+ten and a half',
      '13 eleven',
    ]);
  });

  it('reads new, deleted, renamed, mode-only and binary files', () => {
    const { files, problems } = parse(
      [
        'diff --git a/new.c b/new.c',
        'new file mode 100644',
        'index 0000000..1111111',
        '--- /dev/null',
        '+++ b/new.c',
        '@@ -0,0 +1 @@',
        '+int x;',
        '\\ No newline at end of file',
        'diff --git a/old.c b/old.c',
        'deleted file mode 100644',
        '--- a/old.c',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-int y;',
        'diff --git a/mm/from.c b/mm/to.c',
        'similarity index 90%',
        'rename from mm/from.c',
        'rename to mm/to.c',
        'diff --git a/s.sh b/s.sh',
        'old mode 100644',
        'new mode 100755',
        'diff --git a/logo.png b/logo.png',
        'GIT binary patch',
        'literal 5',
        'McmZ?wbhEQ<',
        '',
        'literal 0',
        'HcmV?d00001',
        '',
        'diff --git a/b.bin b/b.bin',
        'Binary files a/b.bin and b/b.bin differ',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(files.map((f) => [f.kind, f.oldPath, f.newPath, f.binary, f.similarity, f.hunks.length])).toEqual([
      ['add', null, 'new.c', false, undefined, 1],
      ['delete', 'old.c', null, false, undefined, 1],
      ['rename', 'mm/from.c', 'mm/to.c', false, 90, 0],
      ['modify', 's.sh', 's.sh', false, undefined, 0],
      ['modify', 'logo.png', 'logo.png', true, undefined, 0],
      ['modify', 'b.bin', 'b.bin', true, undefined, 0],
    ]);
    expect([files[0]!.hunks[0]!.newNoNewline, files[0]!.hunks[0]!.oldNoNewline]).toEqual([true, false]);
  });

  it('strips the first component of plain unified diffs and the timestamps after names', () => {
    const { files } = parse(
      [
        '--- linux.orig/mm/a.c\t2018-10-15 17:30:31.000000000 +0200',
        '+++ linux/mm/a.c\t2018-10-15 17:31:00.000000000 +0200',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ].join('\n'),
    );
    expect(files.map((f) => [f.oldPath, f.newPath, f.kind])).toEqual([['mm/a.c', 'mm/a.c', 'modify']]);
  });

  it('marks a truncated hunk and one with wrong counts invalid, reports garbage between hunks, and goes on', () => {
    const { files, problems } = parse(
      [
        'diff --git a/a.c b/a.c',
        '--- a/a.c',
        '+++ b/a.c',
        '@@ -1,3 +1,3 @@',
        ' one',
        '-two',
        'this is not a hunk line',
        '@@ -10,2 +10,2 @@',
        ' ten',
        '-eleven',
        '+ELEVEN',
        '+extra',
        ' twelve',
        '@@ -20,1 +20,1 @@',
        '-x',
        '+y',
        'diff --git a/b.c b/b.c',
        '--- a/b.c',
        '+++ b/b.c',
        '@@ -1 +1 @@',
        '-p',
        '+q',
      ].join('\n'),
    );
    const hunks = files[0]!.hunks;
    expect(hunks.map((h) => h.invalid)).toEqual([
      'hunk shorter than its header says (truncated, or wrong line counts): header says -1,3 +1,3 but it ends at line 7 "this is not a hunk line" after 2 old and 1 new lines',
      'wrong line counts: header says -10,2 +10,2 but the hunk has 3 old and 4 new lines',
      undefined,
    ]);
    expect(problems.map((p) => [p.at.line, p.hunk, p.message])).toEqual([
      [7, 'a.c', 'text that is not part of any hunk: "this is not a hunk line"'],
    ]);
    expect(files[1]!.hunks.map((h) => h.invalid)).toEqual([undefined]);
  });

  it('reports a malformed hunk header and a hunk with no file header', () => {
    const { files, problems } = parse(
      ['@@ -1 +1 @@', '-a', '+b', 'diff --git a/c.c b/c.c', '--- a/c.c', '+++ b/c.c', '@@ -x +1 @@', '-a', '+b'].join(
        '\n',
      ),
    );
    expect(problems.map((p) => [p.at.line, p.hunk ?? '', p.message])).toEqual([
      [1, '', 'hunk with no file header before it; skipped'],
      [7, 'c.c hunk #1', 'malformed hunk header "@@ -x +1 @@"; hunk skipped'],
    ]);
    expect(files.map((f) => f.hunks.length)).toEqual([0]);
  });

  it('reads git-quoted names', () => {
    expect(unquote('"a/sp ace\\tand\\303\\251"')).toBe('a/sp ace\tandé');
    const { files } = parse(
      ['diff --git "a/x y.c" "b/x y.c"', '--- "a/x y.c"', '+++ "b/x y.c"', '@@ -1 +1 @@', '-a', '+b'].join('\n'),
    );
    expect([files[0]!.oldPath, files[0]!.newPath]).toEqual(['x y.c', 'x y.c']);
  });

  it('does not report text after the last hunk (list footers)', () => {
    const { problems } = parse(
      ['--- a/a.c', '+++ b/a.c', '@@ -1 +1 @@', '-a', '+b', '', '_______________', 'Linux-nvdimm mailing list'].join(
        '\n',
      ),
    );
    expect(problems).toEqual([]);
  });
});
