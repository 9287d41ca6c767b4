// Turns the patch files a reviewer hands in (single patches, mboxes, b4 .mbx files, saved mails, a
// directory's worth) into one ordered series: by version, then m of [PATCH m/n]; replies are dropped.

import { readMail, readPlainDiff } from './mail.js';
import { looksLikeMail, splitMbox } from './mbox.js';
import type { PatchMail, PatchProblem, PatchSource } from './types.js';

/** Larger patch files are refused unread: a kernel series mbox is well under this. */
export const MAX_PATCH_FILE_BYTES = 16 * 1024 * 1024;

/** Missing patches named in the one problem line about them; the rest are counted. */
const MISSING_NAMED = 10;

export interface Series {
  /** Mails in review order, cover letter first; `seq` is the position here. */
  mails: PatchMail[];
  problems: PatchProblem[];
}

/** The refusal for a file over the size limit, for hosts that check the size before reading. */
export function sizeRefusal(name: string, size: number): PatchProblem | undefined {
  if (size <= MAX_PATCH_FILE_BYTES) return undefined;
  const mb = (n: number) => (n / 1048576).toFixed(1);
  return {
    at: { file: name, line: 1 },
    message: `file is ${mb(size)} MB, over the ${mb(MAX_PATCH_FILE_BYTES)} MB limit for a patch file; not read`,
  };
}

export async function readSeries(sources: readonly PatchSource[]): Promise<Series> {
  const problems: PatchProblem[] = [];
  const found: { mail: PatchMail; order: number }[] = [];
  for (const source of sources) {
    const size = 'bytes' in source ? source.bytes.length : source.size;
    const refused = sizeRefusal(source.name, size);
    if (refused || !('bytes' in source)) {
      problems.push(refused ?? { at: { file: source.name, line: 1 }, message: 'not read' });
      continue;
    }
    const bytes = source.bytes;
    if (bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
      problems.push({ at: { file: source.name, line: 1 }, message: 'empty file' });
      continue;
    }
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      problems.push({
        at: { file: source.name, line: lineOfOffset(bytes, nul) },
        message: `binary data (NUL byte at offset ${nul}); not a patch`,
      });
      continue;
    }
    const read = looksLikeMail(bytes)
      ? await Promise.all(splitMbox(bytes).map((chunk) => readMail(chunk, source.name)))
      : [readPlainDiff(bytes, source.name)];
    for (const r of read) {
      problems.push(...r.problems);
      if (r.mail) found.push({ mail: r.mail, order: found.length });
    }
  }
  return { mails: orderSeries(found, problems), problems };
}

function orderSeries(found: { mail: PatchMail; order: number }[], problems: PatchProblem[]): PatchMail[] {
  const candidates = found.filter(({ mail }) => !mail.isReply);
  const versions = [...new Set(candidates.map(({ mail }) => mail.version))].sort((a, b) => a - b);
  const version = versions[versions.length - 1];
  const kept: { mail: PatchMail; order: number }[] = [];
  const seen = new Set<number>();
  for (const entry of candidates) {
    const { mail } = entry;
    if (mail.version !== version) {
      problems.push({
        at: mail.at,
        mail: mail.subject,
        message: `v${mail.version} mail among a v${version} series; skipped`,
      });
      continue;
    }
    const numbered = mail.total > 1 || mail.isCover;
    if (numbered && seen.has(mail.index)) {
      problems.push({
        at: mail.at,
        mail: mail.subject,
        message: `a second ${mail.index}/${mail.total} in the series; skipped`,
      });
      continue;
    }
    if (numbered) seen.add(mail.index);
    kept.push(entry);
  }
  kept.sort((a, b) => a.mail.index - b.mail.index || a.order - b.order);
  const total = Math.max(0, ...kept.map(({ mail }) => mail.total));
  if (total > 1 && kept.length > 0) {
    // `total` comes from a subject and may be absurd ([PATCH 1/99999999999]): name at most ten missing.
    const missingCount = total - [...seen].filter((m) => m >= 1 && m <= total).length;
    const missing: string[] = [];
    for (let m = 1; m <= total && missing.length < MISSING_NAMED; m++) if (!seen.has(m)) missing.push(`${m}/${total}`);
    if (missingCount > 0) {
      const more = missingCount > missing.length ? ` and ${missingCount - missing.length} more` : '';
      problems.push({
        at: kept[0]!.mail.at,
        message: `series is missing ${missing.join(', ')}${more}; reviewing the patches present`,
      });
    }
  }
  return kept.map(({ mail }, seq) => ({ ...mail, seq }));
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
