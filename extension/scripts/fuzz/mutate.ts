// Mutations of patch mails, each a small function of (input, rng): byte damage, truncation, hunk and diff
// header damage, broken MIME and transfer encodings, CRLF mixing, huge lines, splicing two seeds.
// Text is handled as Latin-1 so every byte survives the round trip unchanged.

import type { Rng } from './prng.js';

export type Mutator = (input: string, r: Rng, seeds: readonly string[]) => string;

const bytes = (s: string) => Buffer.from(s, 'latin1');
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');
const lines = (s: string) => s.split('\n');
const utf8 = (s: string) => text(Buffer.from(s, 'utf8'));

/** Indexes of lines matching `re`, or all lines when none does. */
function linesLike(all: string[], re: RegExp): number[] {
  const hits = all.flatMap((l, i) => (re.test(l) ? [i] : []));
  return hits.length ? hits : all.map((_, i) => i);
}

function replaceLine(input: string, r: Rng, re: RegExp, make: (line: string) => string): string {
  const all = lines(input);
  const i = r.pick(linesLike(all, re));
  all[i] = make(all[i]!);
  return all.join('\n');
}

const HUGE_NUMBERS = ['0', '1', '-1', '4294967296', '2147483648', '99999999999999999999', '1e9', '0x10', ''];
const INTERESTING = [0x00, 0x09, 0x0a, 0x0d, 0x20, 0x2b, 0x2d, 0x3d, 0x3e, 0x40, 0x5c, 0x7f, 0x80, 0xc3, 0xff, 0x1b];

const bitFlip: Mutator = (input, r) => {
  const b = bytes(input);
  if (b.length === 0) return input;
  for (let n = 1 + r.int(8); n > 0; n--) b[r.int(b.length)]! ^= 1 << r.int(8);
  return text(b);
};

const interestingBytes: Mutator = (input, r) => {
  const b = bytes(input);
  if (b.length === 0) return input;
  for (let n = 1 + r.int(4); n > 0; n--) b[r.int(b.length)] = r.pick(INTERESTING);
  return text(b);
};

const truncate: Mutator = (input, r) => {
  if (r.chance(0.5)) return input.slice(0, r.int(input.length + 1));
  const all = lines(input);
  return all.slice(0, r.int(all.length + 1)).join('\n');
};

const deleteLines: Mutator = (input, r) => {
  const all = lines(input);
  all.splice(r.int(all.length), 1 + r.int(6));
  return all.join('\n');
};

const duplicateLines: Mutator = (input, r) => {
  const all = lines(input);
  const from = r.int(all.length);
  const chunk = all.slice(from, from + 1 + r.int(20));
  all.splice(r.int(all.length + 1), 0, ...chunk);
  return all.join('\n');
};

const swapLines: Mutator = (input, r) => {
  const all = lines(input);
  const i = r.int(all.length);
  const j = r.int(all.length);
  [all[i], all[j]] = [all[j]!, all[i]!];
  return all.join('\n');
};

const hunkHeader: Mutator = (input, r) =>
  replaceLine(input, r, /^@@ /, (line) => {
    switch (r.int(6)) {
      case 0:
        return line.replace(/\d+/g, () => r.pick(HUGE_NUMBERS));
      case 1:
        return line.replace(/,\d+/, '');
      case 2:
        return line.replace(/ @@.*$/, '');
      case 3:
        return line.replace(/^@@/, r.pick(['@@@', '@', '@@ @@', '']));
      case 4:
        return `${line}${r.pick([' @@ @@', ' -1,1 +1,1 @@', '\r', '\t\t'])}`;
      default:
        return `@@ -${r.pick(HUGE_NUMBERS)},${r.pick(HUGE_NUMBERS)} +${r.pick(HUGE_NUMBERS)},${r.pick(HUGE_NUMBERS)} @@`;
    }
  });

const DIFF_LINES = [
  'new file mode 100644',
  'deleted file mode 100644',
  'old mode 100644',
  'new mode 100755',
  'similarity index 90%',
  'rename from mm/memory_hotplug.c',
  'rename to mm/renamed.c',
  'copy from kernel/memremap.c',
  'copy to kernel/copied.c',
  'index 0000000..1111111 100644',
  'Binary files a/mm/hmm.c and b/mm/hmm.c differ',
  'GIT binary patch\nliteral 5\nMcmZ?wbaW7w\n',
  '--- /dev/null',
  '+++ /dev/null',
  '\\ No newline at end of file',
];

const diffHeader: Mutator = (input, r) => {
  if (r.chance(0.4)) {
    const all = lines(input);
    const at = r.pick(linesLike(all, /^(diff --git|--- |\+\+\+ |index )/));
    all.splice(at + r.int(2), 0, r.pick(DIFF_LINES));
    return all.join('\n');
  }
  return replaceLine(input, r, /^(diff --git|--- a\/|\+\+\+ b\/)/, (line) =>
    line.replace(/[ab]\/\S+/, () =>
      r.pick([
        '/etc/passwd',
        'a/../../x.c',
        '"a/mm/tab\\there.c"',
        'b/',
        'a/mm/hmm.c b/mm/hmm.c',
        utf8('a/mm/\u202eevil.c'),
        '',
      ]),
    ),
  );
};

/** The header block of the first mail: lines before the first blank line. */
function headerEnd(all: string[]): number {
  const blank = all.findIndex((l) => l.trim() === '');
  return blank < 0 ? all.length : blank;
}

const MIME_HEADERS = [
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="fuzz-boundary"',
  'Content-Type: multipart/alternative; boundary=',
  'Content-Type: text/plain; charset="x-unknown-charset"',
  'Content-Type: text/plain; charset=utf-16',
  'Content-Type: message/rfc822',
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Transfer-Encoding: x-uuencode',
  'Content-Disposition: attachment; filename="0001.patch"',
];

const brokenMime: Mutator = (input, r) => {
  const all = lines(input);
  const end = headerEnd(all);
  for (let n = 1 + r.int(3); n > 0; n--) all.splice(1 + r.int(Math.max(1, end)), 0, r.pick(MIME_HEADERS));
  if (r.chance(0.5))
    all.splice(
      end + 1 + r.int(Math.max(1, all.length - end)),
      0,
      r.pick(['--fuzz-boundary', '--fuzz-boundary--', '--']),
    );
  return all.join('\n');
};

function quotedPrintable(body: string): string {
  return lines(body)
    .map((l) => {
      const enc = l.replace(
        /[=\x80-\xff\t]/g,
        (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
      );
      const out: string[] = [];
      for (let i = 0; i < enc.length; i += 75) out.push(enc.slice(i, i + 75));
      return out.join('=\n');
    })
    .join('\n');
}

function base64(body: string): string {
  const enc = bytes(body).toString('base64');
  const out: string[] = [];
  for (let i = 0; i < enc.length; i += 76) out.push(enc.slice(i, i + 76));
  return out.join('\n');
}

/** Encodes the first mail's body (QP or base64) as a mail client would, then often damages the encoding. */
const encodedBody: Mutator = (input, r) => {
  const all = lines(input);
  const end = headerEnd(all);
  if (end >= all.length) return input;
  const useQp = r.chance(0.5);
  let body = useQp ? quotedPrintable(all.slice(end + 1).join('\n')) : base64(all.slice(end + 1).join('\n'));
  if (r.chance(0.7)) {
    const damage = useQp ? ['=ZZ', '=', '=\r', '=4', '==', '=0A=0D'] : ['!!', '=', '====', '\x00', '-_', 'A'];
    for (let n = 1 + r.int(4); n > 0; n--) {
      const at = r.int(body.length + 1);
      body = body.slice(0, at) + r.pick(damage) + body.slice(at + (r.chance(0.3) ? 1 + r.int(40) : 0));
    }
  }
  const headers = all.slice(0, end).filter((l) => !/^content-transfer-encoding:/i.test(l));
  headers.push(`Content-Transfer-Encoding: ${useQp ? 'quoted-printable' : 'base64'}`);
  return [...headers, '', body].join('\n');
};

const crlf: Mutator = (input, r) => {
  switch (r.int(4)) {
    case 0:
      return input.replace(/\n/g, '\r\n');
    case 1:
      return input.replace(/\n/g, (nl) => (r.chance(0.3) ? '\r\n' : nl));
    case 2:
      return input.replace(/\n/g, (nl) => (r.chance(0.1) ? '\r' : nl));
    default:
      return input.replace(/\r?\n/g, (nl) => (r.chance(0.2) ? '\r\r\n' : nl));
  }
};

const hugeLine: Mutator = (input, r) => {
  const all = lines(input);
  const size = r.pick([4096, 65536, 1 << 20, 3 << 20]);
  const fill = r.pick(['a', ' ', '+', '-', '@', '=', '\t', '(', '{', '/*', '\\']);
  const prefix = r.pick(['', '+', '-', ' ', 'Subject: ', '@@ -1,1 +1,1 @@ ', 'diff --git a/', 'X-Long: ']);
  const line = prefix + fill.repeat(Math.ceil(size / fill.length)).slice(0, size);
  const at = r.chance(0.6) ? r.pick(linesLike(all, /^[+ -]/)) : r.int(all.length + 1);
  all.splice(at, r.chance(0.5) ? 1 : 0, line);
  return all.join('\n');
};

const splice: Mutator = (input, r, seeds) => {
  const other = r.pick(seeds);
  return input.slice(0, r.int(input.length + 1)) + other.slice(r.int(other.length + 1));
};

const UNICODE = ['\u202e', '\u2066', '\u2028', '\u2029', '\u001b[2J', '\u0085', '\ufeff', '\ud800', 'é', '\u{1f600}'];
const INVALID_UTF8 = ['\xc3\x28', '\xe2\x82', '\xf0\x28\x8c\xbc', '\xc0\xaf', '\xed\xa0\x80', '\xff\xfe'];

const unicode: Mutator = (input, r) => {
  const at = r.int(input.length + 1);
  const piece = r.chance(0.5) ? utf8(r.pick(UNICODE)) : r.pick(INVALID_UTF8);
  return input.slice(0, at) + piece + input.slice(at);
};

const SUBJECTS = [
  'Subject: [PATCH v99999999999 3/0] x',
  'Subject: [PATCH 0/0]',
  'Subject: [PATCH 7/5] mm: out of range',
  'Subject: [PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions',
  'Subject: Re: [PATCH 2/5] reply',
  'Subject: =?utf-8?B?broken base64?=',
  'Subject: =?utf-8?Q?=E2=80=AE_rtl?=',
  'Subject: =?x-bogus?Q?a?=',
  'Subject: [PATCH',
  'Subject:',
  'Subject: [RFC PATCH net-next v2 1/2]\n folded continuation',
];

const headers: Mutator = (input, r) => {
  const all = lines(input);
  const end = headerEnd(all);
  const choice = r.int(5);
  if (choice === 0) return replaceLine(input, r, /^Subject:/, () => r.pick(SUBJECTS));
  if (choice === 1) {
    all.splice(
      r.int(end + 1),
      0,
      r.pick([
        'Message-ID: <dup@x>',
        'In-Reply-To: <x@y>',
        'References: <a@b>\t<c@d>',
        'Date: not a date',
        'From: =?utf-8?B?AAAA?= <>',
        ' continuation line',
      ]),
    );
    return all.join('\n');
  }
  if (choice === 2) return input.replace(/^From /m, r.pick(['>From ', 'From  ', 'Frmo ']));
  if (choice === 3) {
    all.splice(
      r.int(all.length + 1),
      0,
      r.pick([
        'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
        '>From inside a body',
        '---',
        '-- ',
        '',
      ]),
    );
    return all.join('\n');
  }
  return all.slice(end).join('\n');
};

const repeat: Mutator = (input, r) => (input.length > 1 << 20 ? input : input.repeat(2 + r.int(3)));

export const MUTATORS: Readonly<Record<string, Mutator>> = {
  bitFlip,
  interestingBytes,
  truncate,
  deleteLines,
  duplicateLines,
  swapLines,
  hunkHeader,
  diffHeader,
  brokenMime,
  encodedBody,
  crlf,
  hugeLine,
  splice,
  unicode,
  headers,
  repeat,
};

const NAMES = Object.keys(MUTATORS);
/** Huge lines cost the most per input: drawn a quarter as often as the others. */
const WEIGHTED = NAMES.flatMap((n) => (n === 'hugeLine' ? [n] : [n, n, n, n]));

export interface FuzzInput {
  seedName: string;
  mutators: string[];
  bytes: Uint8Array;
}

/** One to five stacked mutations of one seed. */
export function mutateSeed(seedNames: readonly string[], seeds: readonly string[], r: Rng): FuzzInput {
  const which = r.int(seeds.length);
  let input = seeds[which]!;
  const applied: string[] = [];
  for (let n = 1 + (r.chance(0.5) ? r.int(5) : 0); n > 0; n--) {
    const name = r.pick(WEIGHTED);
    input = MUTATORS[name]!(input, r, seeds);
    applied.push(name);
  }
  return { seedName: seedNames[which]!, mutators: applied, bytes: bytes(input) };
}
