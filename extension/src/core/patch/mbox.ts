// Cuts an mbox (git format-patch output, a b4 .mbx, a list archive's mboxrd) into one byte range per mail,
// undoing `>From ` escaping. Works on bytes so a large file is never copied into one string here.
// Hand-written: mail parsers (postal-mime, mailparser) read one message; none splits an mbox.

export interface MailChunk {
  /** The mail's bytes without its `From ` separator line, with `>From ` lines unescaped one level. */
  bytes: Uint8Array;
  /** 1-based line of the file where the mail's first header line is. */
  firstLine: number;
  /** 1-based line of the `From ` separator, or of the first line when there is none. */
  startLine: number;
}

const FROM_LINE = /^From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d(:\d\d)?( [+-]\d{4})? \d{4}\s*$/;
const HEADER_LINE =
  /^(From|Subject|Date|Message-I[Dd]|To|Cc|In-Reply-To|References|Return-Path|Received|Delivered-To|MIME-Version|Content-Type|Content-Transfer-Encoding|Sender|Reply-To|X-[A-Za-z0-9-]+|List-[A-Za-z-]+|DKIM-Signature|ARC-[A-Za-z-]+|Authentication-Results|Archived-At|Precedence):/i;

const latin1 = new TextDecoder('latin1');

/** Start offsets of every line (a line ends at LF; a CR before it belongs to the line end). */
function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a && i + 1 < bytes.length) starts.push(i + 1);
  return starts;
}

function lineText(bytes: Uint8Array, from: number, limit = 200): string {
  let end = from;
  while (end < bytes.length && end - from < limit && bytes[end] !== 0x0a) end++;
  return latin1.decode(bytes.subarray(from, end)).replace(/\r$/, '');
}

function startsWithFrom(bytes: Uint8Array, at: number): boolean {
  return (
    bytes[at] === 0x46 &&
    bytes[at + 1] === 0x72 &&
    bytes[at + 2] === 0x6f &&
    bytes[at + 3] === 0x6d &&
    bytes[at + 4] === 0x20
  );
}

/** True when the file is a mail or an mbox (starts with a `From ` line or mail headers), not a bare diff. */
export function looksLikeMail(bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length && (bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  const first = lineText(bytes, at);
  return FROM_LINE.test(first) || HEADER_LINE.test(first);
}

export function splitMbox(bytes: Uint8Array): MailChunk[] {
  const starts = lineStarts(bytes);
  const separators: number[] = [];
  for (let k = 0; k < starts.length; k++) {
    if (startsWithFrom(bytes, starts[k]!) && FROM_LINE.test(lineText(bytes, starts[k]!))) separators.push(k);
  }
  // Text before the first separator (or a file with none) is a mail of its own when not blank.
  if (separators[0] !== 0) separators.unshift(-1);
  const chunks: MailChunk[] = [];
  for (let s = 0; s < separators.length; s++) {
    const sepLine = separators[s]!;
    const firstLineIdx = sepLine + 1;
    const endLineIdx = separators[s + 1] ?? starts.length;
    const from = firstLineIdx < starts.length ? starts[firstLineIdx]! : bytes.length;
    const to = endLineIdx < starts.length ? starts[endLineIdx]! : bytes.length;
    const content = unescapeFromLines(bytes.subarray(from, to));
    if (sepLine < 0 && isBlank(content)) continue;
    chunks.push({ bytes: content, firstLine: firstLineIdx + 1, startLine: Math.max(sepLine, 0) + 1 });
  }
  return chunks;
}

function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}

/** mboxrd: a body line `>From ` (any number of `>`) was escaped by adding one `>`; remove it. */
function unescapeFromLines(bytes: Uint8Array): Uint8Array {
  const drop: number[] = [];
  for (let at = 0; at < bytes.length;) {
    if (bytes[at] === 0x3e) {
      let k = at;
      while (bytes[k] === 0x3e) k++;
      if (startsWithFrom(bytes, k)) drop.push(at);
    }
    const nl = bytes.indexOf(0x0a, at);
    if (nl < 0) break;
    at = nl + 1;
  }
  if (drop.length === 0) return bytes;
  const out = new Uint8Array(bytes.length - drop.length);
  let o = 0;
  let prev = 0;
  for (const d of drop) {
    out.set(bytes.subarray(prev, d), o);
    o += d - prev;
    prev = d + 1;
  }
  out.set(bytes.subarray(prev), o);
  return out;
}
