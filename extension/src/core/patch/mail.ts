// Reads one mail (bytes from an mbox chunk) into a PatchMail: headers, commit message and parsed diffs,
// with every hunk line located in the patch file. MIME, quoted-printable, base64 and charsets are
// postal-mime's job; this module finds the diff in the decoded parts and maps it back to file lines.

import PostalMime from 'postal-mime';
import { parseDiff } from './diff.js';
import { opensFileDiff } from './hunk.js';
import type { MailChunk } from './mbox.js';
import { parseSubject } from './subject.js';
import type { FileDiff, PatchLoc, PatchMail, PatchProblem } from './types.js';

export interface ReadMail {
  mail?: PatchMail;
  problems: PatchProblem[];
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
const PATCH_NAME = /\.(patch|diff)$/i;
const PATCH_TYPES = new Set([
  'text/x-patch',
  'text/x-diff',
  'text/plain',
  'application/x-patch',
  'text/x-c',
  'text/x-csrc',
]);

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function readMail(chunk: MailChunk, file: string): Promise<ReadMail> {
  const problems: PatchProblem[] = [];
  const at: PatchLoc = { file, line: chunk.startLine };
  let email: PostalMime.Email;
  try {
    email = await PostalMime.parse(chunk.bytes);
    if ((email.text ?? '').includes('\uFFFD') && !isUtf8(chunk.bytes)) {
      // No charset (or a wrong one) on 8-bit text: read it as Latin-1, as the tree's own files are.
      email = await PostalMime.parse(latin1.decode(chunk.bytes));
      problems.push({
        at,
        mail: email.subject ?? '',
        message: 'mail body is not valid UTF-8 and names no charset; read as Latin-1',
      });
    }
  } catch (err) {
    problems.push({ at, message: `not a readable mail: ${(err as Error).message}` });
    return { problems };
  }
  const subject = email.subject ?? '';
  const mail: PatchMail = {
    ...parseSubject(subject),
    seq: -1,
    at,
    subject,
    references: referencesOf(email.references),
    message: '',
    diffs: [],
  };
  if (email.messageId) mail.messageId = email.messageId;
  if (email.inReplyTo) mail.inReplyTo = email.inReplyTo;
  const from = email.from;
  if (from?.address !== undefined) {
    mail.from = from.name ? `${from.name} <${from.address}>` : from.address;
    mail.author = from.name || from.address;
  }
  const date = email.headers.find((h) => h.key === 'date')?.value;
  if (date) mail.date = date;

  const rawLines = splitLines(utf8Lenient.decode(chunk.bytes));
  const parts: { text: string; name: string }[] = [{ text: email.text ?? '', name: 'body' }];
  for (const a of email.attachments) {
    const named = a.filename !== null && PATCH_NAME.test(a.filename);
    if (!named && !PATCH_TYPES.has(a.mimeType)) continue;
    const bytes = typeof a.content === 'string' ? new TextEncoder().encode(a.content) : new Uint8Array(a.content);
    parts.push({
      text: isUtf8(bytes) ? utf8Strict.decode(bytes) : latin1.decode(bytes),
      name: a.filename ?? a.mimeType,
    });
  }
  let sawDiff = false;
  for (const [k, part] of parts.entries()) {
    const lines = splitLines(part.text);
    const start = lines.findIndex((_, i) => opensFileDiff(lines, i));
    if (k === 0) mail.message = commitMessage(lines, start);
    if (start < 0) continue;
    sawDiff = true;
    const region = lines.slice(start);
    const rawStart = findInRaw(rawLines, region);
    const locate =
      rawStart >= 0
        ? (i: number): PatchLoc => ({ file, line: chunk.firstLine + rawStart + i })
        : (i: number): PatchLoc => ({ file, line: start + i + 1, decoded: true });
    const parsed = parseDiff({ lines: region, locate, mail: subject });
    mail.diffs.push(...parsed.files);
    problems.push(...parsed.problems);
  }
  if (!sawDiff && !mail.isCover && !mail.isReply) problems.push({ at, mail: subject, message: 'no diff in this mail' });
  return { mail, problems };
}

/** A bare diff or a `git diff` / quilt patch without mail headers: the file name stands in for the subject. */
export function readPlainDiff(bytes: Uint8Array, file: string): ReadMail {
  const problems: PatchProblem[] = [];
  const utf8 = isUtf8(bytes);
  if (!utf8) problems.push({ at: { file, line: 1 }, message: 'not valid UTF-8; read as Latin-1' });
  const lines = splitLines(utf8 ? utf8Strict.decode(bytes) : latin1.decode(bytes));
  const start = lines.findIndex((_, i) => opensFileDiff(lines, i));
  const mail: PatchMail = {
    ...parseSubject(file),
    title: file,
    seq: -1,
    at: { file, line: 1 },
    subject: file,
    references: [],
    message: commitMessage(lines, start),
    diffs: [] as FileDiff[],
  };
  if (start < 0) {
    problems.push({ at: { file, line: 1 }, message: 'no diff in this file' });
    return { mail, problems };
  }
  const parsed = parseDiff({ lines: lines.slice(start), locate: (i) => ({ file, line: start + i + 1 }) });
  mail.diffs = parsed.files;
  problems.push(...parsed.problems);
  return { mail, problems };
}

/** The text before the `---` line that opens the diffstat (or before the diff when there is none). */
function commitMessage(lines: string[], diffStart: number): string {
  const end = diffStart < 0 ? lines.length : diffStart;
  const separator = lines.slice(0, end).indexOf('---');
  const message = lines.slice(0, separator >= 0 ? separator : end);
  while (message.length > 0 && message[message.length - 1]!.trim() === '') message.pop();
  return message.join('\n');
}

function referencesOf(header: string | undefined): string[] {
  return header?.match(/<[^<>\s]+>/g) ?? [];
}

/** Index in the raw mail lines where the decoded diff lines appear verbatim, or -1 (transfer-encoded). */
function findInRaw(raw: readonly string[], region: readonly string[]): number {
  const first = region[0]!;
  for (let k = raw.indexOf(first); k >= 0; k = raw.indexOf(first, k + 1)) {
    let j = 0;
    while (j < region.length && k + j < raw.length && sameLine(raw[k + j]!, region[j]!)) j++;
    if (j === region.length) return k;
  }
  return -1;
}

/** Bytes the raw (UTF-8) reading could not decode show as U+FFFD: such a line matches its decoded form. */
function sameLine(raw: string, decoded: string): boolean {
  return raw === decoded || (raw.includes('\uFFFD') && raw.length >= decoded.length - 4);
}
