// SARIF for a plain `check` (no patch under review): the review's SARIF without a baseline, since there
// is no before/after to compare.

import { reviewSarif, type SarifOptions } from './sarif.js';
import { jsonText } from './review-escape.js';
import type { Finding } from '../model/finding.js';
import type { ReviewReport } from '../patch/review-report.js';

export function formatFindingsSarif(findings: readonly Finding[], options: SarifOptions): string {
  const report: ReviewReport = {
    mails: [],
    problems: [],
    hunks: [],
    files: [],
    findings: findings.map((finding) => ({ finding, status: 'old' })),
    paths: { added: [], removed: [] },
    reviewed: true,
  };
  const log = reviewSarif(report, options);
  for (const run of log.runs) {
    for (const r of run.results ?? []) {
      delete r.baselineState;
      if (r.properties) delete r.properties.status;
    }
  }
  return jsonText(log);
}
