// Pieces shared by the review formatters: how a hunk result, a patch reference and a mail are named,
// and the findings split by status. Plain strings, not yet escaped.

import type { HunkResult } from '../patch/apply.js';
import type { AttributedFinding, PatchRef } from '../patch/attribute.js';
import type { FindingStatus } from '../patch/compare.js';
import type { PatchLoc, PatchMail } from '../patch/types.js';
import type { ReviewReport } from '../patch/review-report.js';

export function patchLocText(at: PatchLoc): string {
  return at.decoded ? `${at.file} (decoded body line ${at.line})` : `${at.file}:${at.line}`;
}

export function hunkResultText(h: HunkResult): string {
  const head = `${h.path} hunk #${h.hunk}`;
  switch (h.status) {
    case 'clean':
      return `${head}: applied cleanly at line ${h.line}`;
    case 'offset':
      return `${head}: applied at offset ${h.offset > 0 ? '+' : ''}${h.offset} (line ${h.line})`;
    case 'fuzz':
      return `${head}: applied with fuzz ${h.fuzz}${h.offset !== 0 ? ` at offset ${h.offset > 0 ? '+' : ''}${h.offset}` : ''} (line ${h.line}): ${h.reason ?? ''}`;
    case 'failed':
      return `${head}: FAILED: ${h.reason ?? ''}`;
  }
}

export function mailOf(report: Pick<ReviewReport, 'mails'>, seq: number): PatchMail | undefined {
  return report.mails.find((m) => m.seq === seq);
}

export function patchRefText(report: Pick<ReviewReport, 'mails'>, ref: PatchRef): string {
  const subject = mailOf(report, ref.mail)?.subject ?? `mail ${ref.mail}`;
  const verb = ref.sign === '+' ? 'added by' : 'removed by';
  const what = ref.via === 'location' ? '' : ref.via === 'call' ? ' (a call on its path)' : ' (a related line)';
  return `${verb} "${subject}" at ${patchLocText(ref.at)}, ${ref.path} hunk #${ref.hunk}${what}`;
}

export function byStatus(findings: readonly AttributedFinding[]): Record<FindingStatus, AttributedFinding[]> {
  return {
    new: findings.filter((f) => f.status === 'new'),
    fixed: findings.filter((f) => f.status === 'fixed'),
    old: findings.filter((f) => f.status === 'old'),
  };
}

/** Problems that repeat a failed hunk's reason are left out where the hunk result is printed. */
export function problemsBesideHunks(
  report: Pick<ReviewReport, 'problems' | 'hunks' | 'mails'>,
): ReviewReport['problems'] {
  const failed = new Set(
    report.hunks
      .filter((h) => h.status === 'failed')
      .map((h) => `${mailOf(report, h.mail)?.subject}|${h.path} hunk #${h.hunk}`),
  );
  return report.problems.filter((p) => !failed.has(`${p.mail}|${p.hunk}`));
}
