// Turns file bytes into text for the front end: UTF-8 when valid, else Latin-1 with a note; binary data and
// text with an overlong line are refused. Pure: the host reads the bytes, this only looks at them.

export type Decoded = { ok: true; text: string; note?: string } | { ok: false; reason: string };

export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

/**
 * Longest line parsed, in UTF-16 units. tree-sitter's time on one line of a megabyte grows faster than its
 * length (a 2 MiB line of `a a a ...` takes minutes); the longest line of the Debian 6.1 tree is under 1,400.
 */
export const MAX_LINE_CHARS = 128 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { ok: false, reason: `file is ${(bytes.length / 1048576).toFixed(1)} MB, over the 10 MB limit` };
  }
  const probe = bytes.subarray(0, Math.min(bytes.length, 65536));
  const nul = probe.indexOf(0);
  if (nul >= 0) {
    return { ok: false, reason: `binary data (NUL byte at offset ${nul})` };
  }
  let text: string;
  let note: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = latin1.decode(bytes);
    note = `not valid UTF-8 (first bad byte on line ${firstInvalidUtf8Line(bytes)}); decoded as Latin-1`;
  }
  const long = overlongLine(text);
  if (long) return { ok: false, reason: long };
  return note ? { ok: true, text, note } : { ok: true, text };
}

/** Why `text` is not to be parsed because of a line over MAX_LINE_CHARS; undefined when every line is shorter. */
export function overlongLine(text: string): string | undefined {
  let start = 0;
  for (let line = 1; ; line++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_LINE_CHARS)
      return `line ${line} is ${end - start} characters long, over the ${MAX_LINE_CHARS} limit`;
    if (nl < 0) return undefined;
    start = nl + 1;
  }
}

function firstInvalidUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    if (b < 0x80) continue;
    const need = b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
    if (need < 0) return line;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    i += need;
  }
  return line;
}
