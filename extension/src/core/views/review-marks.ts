// Where a patch review shows what in an editor: New findings on the `+` line of the patch mail that brought
// them (and on the post-image of the file they are in), Fixed ones on the `-` line that removed them, and
// the series' problems on their patch lines, one mark per place and message. Shared by the editor and the LSP server; each turns a mark
// into its own diagnostic type.

import type { Finding, Severity } from '../model/finding.js';
import { mergeRelated } from './merge-findings.js';
import type { ReviewReport } from '../patch/review-report.js';

export interface ReviewMark {
  /** A patch file, by the name the review was given it, or a tree file after the series. */
  on: 'patch' | 'post-image';
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based column of a finding on a post-image; a patch mark covers its whole line. */
  column?: number;
  severity: Severity;
  message: string;
  /** The finding behind the mark (rule id, related places); none for a patch problem. */
  finding?: Finding;
}

/**
 * The marks of a review, one per place and message: a finding reached by several chains is one mark whose
 * related places cover them all.
 */
export function reviewMarks(report: ReviewReport, postImages: ReadonlySet<string>): ReviewMark[] {
  return merged(allMarks(report, postImages));
}

function merged(marks: readonly ReviewMark[]): ReviewMark[] {
  const byPlace = new Map<string, ReviewMark>();
  for (const m of marks) {
    const key = `${m.on}|${m.file}:${m.line}:${m.column ?? ''}|${m.message}`;
    const first = byPlace.get(key);
    if (!first?.finding || !m.finding) {
      if (!first) byPlace.set(key, m);
      continue;
    }
    byPlace.set(key, {
      ...first,
      finding: { ...first.finding, related: mergeRelated(first.finding.related, m.finding.related) },
    });
  }
  return [...byPlace.values()];
}

function allMarks(report: ReviewReport, postImages: ReadonlySet<string>): ReviewMark[] {
  const marks: ReviewMark[] = [];
  for (const { status, finding, patch } of report.findings) {
    if (status === 'old') continue;
    const label = status === 'new' ? 'New' : 'Fixed by this series';
    if (patch)
      marks.push({
        on: 'patch',
        file: patch.at.file,
        line: patch.at.line,
        severity: status === 'fixed' ? 'info' : finding.severity,
        message: `${label}: ${finding.message}`,
        finding,
      });
    if (status === 'new' && postImages.has(finding.location.file))
      marks.push({
        on: 'post-image',
        file: finding.location.file,
        line: finding.location.line,
        column: finding.location.column,
        severity: finding.severity,
        message: `New: ${finding.message}`,
        finding,
      });
  }
  for (const p of report.problems)
    marks.push({
      on: 'patch',
      file: p.at.file,
      line: p.at.line,
      severity: 'warning',
      message: `${p.hunk ? `${p.hunk}: ` : ''}${p.message}`,
    });
  return marks;
}
