// A patch review's result as the formatters and hosts read it: mails, apply results, findings New / Fixed /
// Old with their patch lines, and the call paths that appear or disappear. Data and one projection.

import type { FileResult, HunkResult } from './apply.js';
import type { AttributedFinding } from './attribute.js';
import type { PathChanges } from './compare.js';
import type { LineMap } from './linemap.js';
import type { PatchMail, PatchProblem } from './types.js';

export interface Review {
  mails: PatchMail[];
  problems: PatchProblem[];
  hunks: HunkResult[];
  files: FileResult[];
  findings: AttributedFinding[];
  paths: PathChanges;
  lineMap: LineMap;
  /** False when nothing at all could be reviewed (no hunk applied): hosts exit with 2. */
  reviewed: boolean;
}

/** What the formatters read. */
export type ReviewReport = Omit<Review, 'lineMap'>;

export function reportOf(review: Review): ReviewReport {
  return {
    mails: review.mails,
    problems: review.problems,
    hunks: review.hunks,
    files: review.files,
    findings: review.findings,
    paths: review.paths,
    reviewed: review.reviewed,
  };
}
