import { describe, expect, it } from 'vitest';
import { MAX_PATCH_FILE_BYTES, readSeries } from '../../src/core/patch/series.js';
import { problemLine } from '../../src/core/patch/types.js';
import { formatPatch, rows, source } from './helpers.js';

const diffA = rows('diff --git a/mm/a.c b/mm/a.c', '--- a/mm/a.c', '+++ b/mm/a.c', '@@ -1 +1 @@', '-a', '+b');

describe('readSeries', () => {
  it('orders an mbox by [PATCH m/n], shows the cover letter first, keeps the headers the email needs', async () => {
    const mbox = [
      formatPatch({
        subject: '[PATCH v2 2/2] mm: second',
        id: '<2@x>',
        inReplyTo: '<0@x>',
        references: '<0@x>',
        diff: diffA,
      }),
      formatPatch({ subject: '[PATCH v2 0/2] mm: cover', id: '<0@x>', message: 'Cover text.' }),
      formatPatch({
        subject: '[PATCH v2 1/2] mm: first',
        id: '<1@x>',
        inReplyTo: '<0@x>',
        references: '<0@x>',
        diff: diffA,
      }),
    ].join('');
    const { mails, problems } = await readSeries([source('s.mbox', mbox)]);
    expect(problems).toEqual([]);
    expect(
      mails.map((m) => [
        m.seq,
        m.index,
        m.total,
        m.version,
        m.isCover,
        m.title,
        m.messageId,
        m.inReplyTo,
        m.references,
        m.diffs.length,
      ]),
    ).toEqual([
      [0, 0, 2, 2, true, 'mm: cover', '<0@x>', undefined, [], 0],
      [1, 1, 2, 2, false, 'mm: first', '<1@x>', '<0@x>', ['<0@x>'], 1],
      [2, 2, 2, 2, false, 'mm: second', '<2@x>', '<0@x>', ['<0@x>'], 1],
    ]);
    const first = mails[1]!;
    expect([first.from, first.author, first.date, first.message]).toEqual([
      'Oscar Salvador <osalvador@example.org>',
      'Oscar Salvador',
      'Mon, 15 Oct 2018 17:30:31 +0200',
      'A change.',
    ]);
    // Mail 2/2 takes lines 1-20 of the mbox, the cover 21-32; 1/2 starts at 33 and its diff at 44.
    expect([first.at.line, first.diffs[0]!.at.line, first.diffs[0]!.hunks[0]!.lines.map((l) => l.at.line)]).toEqual([
      33,
      44,
      [48, 49],
    ]);
  });

  it('orders a series handed in as separate files, whatever their order', async () => {
    const files = [3, 1, 2].map((n) =>
      source(`000${n}.patch`, formatPatch({ subject: `[PATCH ${n}/3] p${n}`, diff: diffA })),
    );
    const { mails } = await readSeries(files);
    expect(mails.map((m) => `${m.at.file} ${m.subject}`)).toEqual([
      '0001.patch [PATCH 1/3] p1',
      '0002.patch [PATCH 2/3] p2',
      '0003.patch [PATCH 3/3] p3',
    ]);
  });

  it('reads CRLF mails, quoted-printable bodies and base64 patch attachments', async () => {
    const crlf = formatPatch({ subject: '[PATCH 1/3] crlf', diff: diffA }).replace(/\n/g, '\r\n');
    const qp = rows(
      'From: A <a@x.org>',
      'Subject: [PATCH 2/3] qp',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'msg',
      '---',
      '--- a/mm/a.c',
      '+++ b/mm/a.c',
      '@@ -1 +1 @@',
      '-a =3D 1;',
      '+a =3D =',
      '2;',
    );
    const attached = Buffer.from(rows('--- a/mm/a.c', '+++ b/mm/a.c', '@@ -1 +1 @@', '-x', '+y')).toString('base64');
    const multipart = rows(
      'From: A <a@x.org>',
      'Subject: [PATCH 3/3] attached',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="BB"',
      '',
      '--BB',
      'Content-Type: text/plain',
      '',
      'See the attachment.',
      '--BB',
      'Content-Type: text/x-patch; name="a.patch"',
      'Content-Disposition: attachment; filename="a.patch"',
      'Content-Transfer-Encoding: base64',
      '',
      attached,
      '--BB--',
    );
    const { mails, problems } = await readSeries([
      source('1.eml', crlf),
      source('2.eml', qp),
      source('3.eml', multipart),
    ]);
    expect(problems).toEqual([]);
    const hunk = (k: number) => mails[k]!.diffs[0]!.hunks[0]!;
    expect(hunk(0).lines.map((l) => `${l.at.line}:${l.at.decoded === true}${l.op}${l.text}`)).toEqual([
      '13:false-a',
      '14:false+b',
    ]);
    expect(hunk(1).lines.map((l) => `${l.at.line}:${l.at.decoded === true}${l.op}${l.text}`)).toEqual([
      '6:true-a = 1;',
      '7:true+a = 2;',
    ]);
    expect(hunk(2).lines.map((l) => `${l.op}${l.text}`)).toEqual(['-x', '+y']);
    expect(mails[2]!.message).toBe('See the attachment.');
  });

  it('reads a bare diff with the file name as its subject', async () => {
    const { mails, problems } = await readSeries([
      source('fix.diff', rows('Some words.', '', ...diffA.trimEnd().split('\n'))),
    ]);
    expect(problems).toEqual([]);
    expect(mails.map((m) => [m.subject, m.message, m.diffs[0]!.hunks[0]!.at.line])).toEqual([
      ['fix.diff', 'Some words.', 6],
    ]);
  });

  it('gives one-line reasons for empty, oversized, binary and diff-less input, and reviews the rest', async () => {
    const latin1Mail = Buffer.concat([
      Buffer.from(
        rows(
          'From: A <a@x.org>',
          'Subject: [PATCH 2/2] latin',
          '',
          'msg',
          '---',
          '--- a/mm/a.c',
          '+++ b/mm/a.c',
          '@@ -1 +1 @@',
          '-caf',
        ).trimEnd(),
      ),
      Buffer.from([0xe9]),
      Buffer.from(rows('', '+cafe')),
    ]);
    const { mails, problems } = await readSeries([
      source('empty.patch', '\n\n'),
      { name: 'huge.mbox', size: 50 * 1024 * 1024 },
      source('nul.patch', new Uint8Array([0x2d, 0x0a, 0x00])),
      source('nodiff.patch', formatPatch({ subject: '[PATCH 1/2] words only' })),
      source('latin.patch', new Uint8Array(latin1Mail)),
    ]);
    expect(problems.map(problemLine)).toEqual([
      'empty.patch:1: empty file',
      'huge.mbox:1: file is 50.0 MB, over the 16.0 MB limit for a patch file; not read',
      'nul.patch:2: binary data (NUL byte at offset 2); not a patch',
      'nodiff.patch:1: [PATCH 1/2] words only: no diff in this mail',
      'latin.patch:1: [PATCH 2/2] latin: mail body is not valid UTF-8 and names no charset; read as Latin-1',
    ]);
    expect(mails.map((m) => m.subject)).toEqual(['[PATCH 1/2] words only', '[PATCH 2/2] latin']);
    expect(mails[1]!.diffs[0]!.hunks[0]!.lines.map((l) => `${l.at.line}${l.op}${l.text}`)).toEqual([
      '9-café',
      '10+cafe',
    ]);
    expect(MAX_PATCH_FILE_BYTES).toBe(16 * 1024 * 1024);
  });

  it('drops replies, keeps the newest version, and says what is missing or doubled', async () => {
    const mbox = [
      formatPatch({ subject: '[PATCH v1 1/3] old', diff: diffA }),
      formatPatch({ subject: '[PATCH v2 1/3] new', diff: diffA }),
      formatPatch({ subject: 'Re: [PATCH v2 1/3] new', message: '> quoted\nLooks good.' }),
      formatPatch({ subject: '[PATCH v2 3/3] new three', diff: diffA }),
      formatPatch({ subject: '[PATCH v2 3/3] new three again', diff: diffA }),
    ].join('');
    const { mails, problems } = await readSeries([source('t.mbx', mbox)]);
    expect(mails.map((m) => m.subject)).toEqual(['[PATCH v2 1/3] new', '[PATCH v2 3/3] new three']);
    expect(problems.map(problemLine)).toEqual([
      't.mbx:1: [PATCH v1 1/3] old: v1 mail among a v2 series; skipped',
      't.mbx:64: [PATCH v2 3/3] new three again: a second 3/3 in the series; skipped',
      't.mbx:18: series is missing 2/3; reviewing the patches present',
    ]);
  });
});

describe('absurd numbering', () => {
  it('names ten missing patches of a [PATCH 3/99999999999] series and counts the rest', async () => {
    const mail = `From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH 3/99999999999] mm: x\n\n---\ndiff --git a/mm/a.c b/mm/a.c\n--- a/mm/a.c\n+++ b/mm/a.c\n@@ -1 +1 @@\n-a\n+b\n`;
    const { problems } = await readSeries([{ name: 'x.mbox', bytes: new TextEncoder().encode(mail) }]);
    expect(problems.map((p) => p.message)).toEqual([
      'series is missing 1/99999999999, 2/99999999999, 4/99999999999, 5/99999999999, 6/99999999999, 7/99999999999, 8/99999999999, 9/99999999999, 10/99999999999, 11/99999999999 and 99999999988 more; reviewing the patches present',
    ]);
  });
});
