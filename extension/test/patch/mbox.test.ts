import { describe, expect, it } from 'vitest';
import { looksLikeMail, splitMbox } from '../../src/core/patch/mbox.js';
import { rows } from './helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('splitMbox', () => {
  it('cuts at From_ lines, unescapes >From and keeps file lines', () => {
    const text = rows(
      'From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001',
      'Subject: [PATCH 1/2] a',
      '',
      '>From the start',
      '>>From twice',
      'From here on, not a separator',
      'From mboxrd@z Thu Jan  1 00:00:00 1970',
      'Subject: [PATCH 2/2] b',
      '',
      'body',
    );
    const chunks = splitMbox(enc(text));
    expect(chunks.map((c) => ({ first: c.firstLine, start: c.startLine, text: dec(c.bytes) }))).toEqual([
      {
        first: 2,
        start: 1,
        text: rows('Subject: [PATCH 1/2] a', '', 'From the start', '>From twice', 'From here on, not a separator'),
      },
      { first: 8, start: 7, text: rows('Subject: [PATCH 2/2] b', '', 'body') },
    ]);
  });

  it('treats a file without separators as one mail, and CRLF line ends as line ends', () => {
    const chunks = splitMbox(enc('Subject: x\r\n\r\nbody\r\n'));
    expect(chunks.map((c) => [c.firstLine, c.startLine, dec(c.bytes)])).toEqual([[1, 1, 'Subject: x\r\n\r\nbody\r\n']]);
  });

  it('keeps text before the first separator as a mail of its own', () => {
    const chunks = splitMbox(
      enc(rows('Subject: lead', '', 'x', 'From a@b Tue Oct 16 10:00:00 2018', 'Subject: second', '', 'y')),
    );
    expect(chunks.map((c) => [c.firstLine, c.startLine])).toEqual([
      [1, 1],
      [5, 4],
    ]);
  });
});

describe('looksLikeMail', () => {
  it.each([
    ['From 1111 Mon Sep 17 00:00:00 2001\n', true],
    ['\nSubject: x\n', true],
    ['Message-ID: <x@y>\n', true],
    ['diff --git a/x b/x\n', false],
    ['--- a/x\n+++ b/x\n', false],
    ['Index: mm/x.c\n', false],
  ])('%j -> %s', (text, expected) => {
    expect(looksLikeMail(enc(text))).toBe(expected);
  });
});
