// Byte decoding ahead of the front end: UTF-8 as is, Latin-1 with a note naming the first bad line,
// binary data, files over 10 MB and lines over 128 Ki characters refused with a reason.

import { describe, expect, it } from 'vitest';
import { decodeSource, MAX_LINE_CHARS, MAX_SOURCE_BYTES } from '../../src/core/syntax/decode.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeSource', () => {
  it('decodes valid UTF-8 without a note', () => {
    expect(decodeSource(utf8('/* Müller, Łódź */\nint x;\n'))).toEqual({
      ok: true,
      text: '/* Müller, Łódź */\nint x;\n',
    });
  });

  it('falls back to Latin-1 and names the line of the first byte that is not UTF-8', () => {
    const bytes = Uint8Array.from([
      ...utf8('int a;\n/* ok é */\n/* Copyright '),
      0xa9,
      ...utf8(' Fran'),
      0xe7,
      ...utf8('ois */\n'),
    ]);
    expect(decodeSource(bytes)).toEqual({
      ok: true,
      text: 'int a;\n/* ok Ã© */\n/* Copyright © François */\n',
      note: 'not valid UTF-8 (first bad byte on line 3); decoded as Latin-1',
    });
  });

  it('counts a truncated multi-byte sequence at the end of a line as invalid on that line', () => {
    const bytes = Uint8Array.from([...utf8('x\ny\n'), 0xe2, 0x82, 0x0a, ...utf8('z\n')]);
    const decoded = decodeSource(bytes);
    expect(decoded.ok && decoded.note).toBe('not valid UTF-8 (first bad byte on line 3); decoded as Latin-1');
  });

  it('refuses binary data, naming the offset of the NUL byte', () => {
    expect(decodeSource(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]))).toEqual({
      ok: false,
      reason: 'binary data (NUL byte at offset 6)',
    });
  });

  it('refuses a file over 10 MB and accepts one of exactly 10 MB', () => {
    expect(decodeSource(new Uint8Array(MAX_SOURCE_BYTES + 1).fill(0x20))).toEqual({
      ok: false,
      reason: 'file is 10.0 MB, over the 10 MB limit',
    });
    expect(decodeSource(new Uint8Array(12 * 1024 * 1024).fill(0x20))).toEqual({
      ok: false,
      reason: 'file is 12.0 MB, over the 10 MB limit',
    });
    const lines = new Uint8Array(MAX_SOURCE_BYTES).fill(0x20);
    for (let i = 1023; i < lines.length; i += 1024) lines[i] = 0x0a;
    const exact = decodeSource(lines);
    expect(exact.ok && exact.text.length).toBe(MAX_SOURCE_BYTES);
  });

  // A megabyte line of one operator inside a function (what a fuzzed `+` line adds) took tree-sitter
  // longer than the fuzzer's 10 s budget; the time grows faster than the line.
  it('refuses a line over 128 Ki characters, naming it, and parses one of exactly that length', () => {
    const fn = (line: string) => `int f(void)\n{\n\treturn 0;\n${line}\n}\n`;
    expect(decodeSource(utf8(fn('='.repeat(MAX_LINE_CHARS + 1))))).toEqual({
      ok: false,
      reason: 'line 4 is 131073 characters long, over the 131072 limit',
    });
    expect(decodeSource(utf8(`${'\t'.repeat(3 << 20)}`))).toEqual({
      ok: false,
      reason: 'line 1 is 3145728 characters long, over the 131072 limit',
    });
    const exact = decodeSource(utf8(fn('+'.repeat(MAX_LINE_CHARS))));
    expect(exact.ok && exact.text.split('\n').map((l) => l.length)).toEqual([11, 1, 10, MAX_LINE_CHARS, 1, 0]);
  });

  it('measures a Latin-1 file by its decoded lines', () => {
    const bytes = Uint8Array.from([...utf8('/* '), 0xe9, ...utf8(' */\n'), ...utf8('a'.repeat(MAX_LINE_CHARS + 5))]);
    expect(decodeSource(bytes)).toEqual({
      ok: false,
      reason: 'line 2 is 131077 characters long, over the 131072 limit',
    });
  });
});
