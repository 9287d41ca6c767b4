// The review as plain-text replies a reviewer can paste into a mail client: one reply per patch mail
// with New findings, quoting only the hunks that carry them (snips marked `[ ... ]`), each finding
// asked as a question with its call chain; 78 columns; no tool banner.

import type { AttributedFinding } from '../patch/attribute.js';
import type { FileDiff, Hunk, PatchMail } from '../patch/types.js';
import { terminalSafe } from './escape.js';
import { mailOf } from './review-common.js';
import { oneLine } from './review-escape.js';
import { findingCallee, reviewerComment } from './review-questions.js';
import type { ReviewReport } from '../patch/review-report.js';

export const EMAIL_WIDTH = 78;
/** Hunk lines quoted before the line a finding is about. */
const CONTEXT = 5;
const SNIP = '[ ... ]';

export interface EmailReply {
  /** `seq` of the mail replied to. */
  mail: number;
  text: string;
}

/** Greedy word wrap; a word longer than the width stands on its own line. */
export function wrap(text: string, width = EMAIL_WIDTH, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line === '' ? (lines.length > 0 ? indent : '') + word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A header folded at spaces to the width, continuation lines starting with a space (RFC 5322). */
function header(name: string, value: string): string[] {
  return wrap(`${name}: ${oneLine(value)}`, EMAIL_WIDTH, ' ');
}

/** The path from the entry down to the call the finding is about: `a() -> b() -> kasan_add_zero_shadow()`. */
function chainText(f: AttributedFinding['finding']): string | undefined {
  const names = f.chain.length === 0 ? [f.function] : [f.chain[0]!.caller, ...f.chain.map((s) => s.callee)];
  const callee = findingCallee(f);
  if (names[names.length - 1] !== callee) names.push(callee);
  return names.length < 2 ? undefined : names.map((n) => `${n}()`).join(' -> ');
}

/** `as A`, `as A and as B`, `as A, as B and as C`. */
function asList(chains: readonly string[]): string {
  const as = chains.map((c) => `as ${c}`);
  return as.length === 1 ? as[0]! : `${as.slice(0, -1).join(', ')} and ${as[as.length - 1]!}`;
}

type Said = AttributedFinding['finding'];

/**
 * One question for findings that say the same thing at one line. Under a quote the quote says where;
 * a finding on a line the patch did not touch says it first (`At mm/memremap.c:280 after the patch, ...`).
 * `unquotedAfter` names what was applied ("patch" or "series") for such findings.
 */
function comment(same: readonly Said[], unquotedAfter?: string): string[] {
  const f = same[0]!;
  const said = reviewerComment(f);
  const text = unquotedAfter
    ? `At ${f.location.file}:${f.location.line} after the ${unquotedAfter}, ${said.replace(/^[A-Z][a-z']*\b(?!\()/, (w) => w.toLowerCase())}`
    : said;
  return wrap(terminalSafe(text.replace(/\s+/g, ' ')));
}

/**
 * Every path that reaches those findings, in one sentence (undefined when they sit in the entry itself).
 * A path that is the tail of a longer one (the release called at unbind, and the same release reached
 * from the probe that registered it) is said once, as the longer one.
 */
function reachedBy(same: readonly Said[]): string | undefined {
  const all = [...new Set(same.map(chainText).filter((c): c is string => c !== undefined))].sort();
  const chains = all.filter((c) => !all.some((longer) => longer.endsWith(`-> ${c}`)));
  return chains.length > 0 ? terminalSafe(`This is reached ${asList(chains)}.`) : undefined;
}

/** The comments on one line; findings reached the same way share one "This is reached as" line. */
function commentsOnLine(groups: readonly Said[][], unquotedAfter?: string): string[] {
  const out: string[] = [];
  const reached = groups.map(reachedBy);
  groups.forEach((same, i) => {
    out.push('', ...comment(same, unquotedAfter));
    if (reached[i] !== undefined && reached[i] !== reached[i + 1]) out.push('', ...wrap(reached[i]!));
  });
  return out;
}

/** Findings grouped by place, rule and message (one group per thing said), in a stable order. */
function sameSaying(findings: readonly Said[]): Said[][] {
  const groups = new Map<string, Said[]>();
  for (const finding of findings) {
    const { file, line } = finding.location;
    const key = `${file}:${String(line).padStart(9, '0')}|${finding.ruleId}|${finding.message}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, list]) => list);
}

const quote = (text: string) => terminalSafe(`> ${text}`).trimEnd();

interface Located {
  finding: AttributedFinding;
  file: FileDiff;
  hunk: Hunk;
  /** Index in hunk.lines of the line the finding is tied to. */
  index: number;
}

function locate(mail: PatchMail, f: AttributedFinding): Located | undefined {
  const ref = f.patch;
  if (!ref) return undefined;
  for (const file of mail.diffs) {
    if ((file.newPath ?? file.oldPath) !== ref.path) continue;
    const hunk = file.hunks.find((h) => h.number === ref.hunk);
    const index = hunk?.lines.findIndex((l) => l.at.file === ref.at.file && l.at.line === ref.at.line) ?? -1;
    if (hunk && index >= 0) return { finding: f, file, hunk, index };
  }
  return undefined;
}

function quoteHunks(located: Located[]): string[] {
  const out: string[] = [];
  const byHunk = new Map<Hunk, Located[]>();
  for (const l of located) byHunk.set(l.hunk, [...(byHunk.get(l.hunk) ?? []), l]);
  let lastFile: FileDiff | undefined;
  for (const [hunk, items] of byHunk) {
    const file = items[0]!.file;
    if (file !== lastFile) out.push(quote(file.header));
    lastFile = file;
    out.push(quote(hunk.header));
    let shown = 0;
    const indexes = [...new Set(items.map((i) => i.index))].sort((a, b) => a - b);
    for (const index of indexes) {
      const from = Math.max(shown, index - CONTEXT);
      if (from > shown) out.push(SNIP);
      for (let i = from; i <= index; i++) out.push(quote(`${hunk.lines[i]!.op}${hunk.lines[i]!.text}`));
      shown = index + 1;
      // Several findings on one line share the quote.
      out.push(...commentsOnLine(sameSaying(items.filter((i) => i.index === index).map((i) => i.finding.finding))), '');
    }
    if (shown < hunk.lines.length) out.push(SNIP, '');
  }
  return out;
}

function reply(mail: PatchMail, located: Located[], loose: AttributedFinding[], applied: string): string {
  const out: string[] = [...header('Subject', /^re:/i.test(mail.subject) ? mail.subject : `Re: ${mail.subject}`)];
  if (mail.messageId) out.push(...header('In-Reply-To', mail.messageId));
  const references = [...new Set([...mail.references, ...(mail.messageId ? [mail.messageId] : [])])];
  if (references.length > 0) out.push(...header('References', references.join(' ')));
  out.push('');
  if (located.length > 0) {
    // The attribution line introduces a quote; a reply that quotes nothing has none.
    const who = oneLine(mail.author ?? mail.from ?? 'The patch');
    out.push(...wrap(mail.date ? `On ${oneLine(mail.date)}, ${who} wrote:` : `${who} wrote:`), ...quoteHunks(located));
  }
  if (loose.length > 0) out.push(...commentsOnLine(sameSaying(loose.map((f) => f.finding)), applied).slice(1), '');
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

export function reviewEmails(report: ReviewReport): EmailReply[] {
  const fresh = report.findings.filter((f) => f.status === 'new');
  const perMail = new Map<number, { located: Located[]; loose: AttributedFinding[] }>();
  const slot = (seq: number) => {
    let s = perMail.get(seq);
    if (!s) perMail.set(seq, (s = { located: [], loose: [] }));
    return s;
  };
  // Findings not tied to a `+` line go to the cover letter (or the first patch) without a quote.
  const fallback = report.mails.find((m) => m.isCover) ?? report.mails[0];
  for (const f of fresh) {
    const mail = f.patch?.sign === '+' ? mailOf(report, f.patch.mail) : undefined;
    const located = mail ? locate(mail, f) : undefined;
    if (mail && located) slot(mail.seq).located.push(located);
    else if (fallback) slot(fallback.seq).loose.push(f);
  }
  const applied = report.mails.filter((m) => !m.isCover).length > 1 ? 'series' : 'patch';
  return [...perMail.entries()]
    .sort(([a], [b]) => a - b)
    .map(([seq, s]) => ({ mail: seq, text: reply(mailOf(report, seq)!, s.located, s.loose, applied) }));
}

/** All replies, one after another, separated by a blank line. */
export function formatReviewEmail(report: ReviewReport): string {
  return reviewEmails(report)
    .map((r) => r.text)
    .join('\n');
}
