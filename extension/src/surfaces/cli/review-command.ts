// `check --patch`: reviews a patch series against the tree. The core runs the analysis before and after
// the series (applied in memory, over the tree's snapshot) and this prints New / Fixed / Old findings and
// path changes in the chosen format.
// Exit codes: 0 no New error-severity finding, 1 some, 2 when nothing at all could be reviewed.

import type { AnalyzeOptions } from '../../core/analysis/analyze.js';
import { defaultConfig } from '../../core/kernel/config.js';
import { review, reviewPerPatch, type ReviewInput } from '../../core/patch/review.js';
import { problemLine } from '../../core/patch/types.js';
import { EVERY_RULE } from '../../core/patch/all-rules.js';
import { formatReviewText } from '../../core/report/review-text.js';
import { formatReviewJson } from '../../core/report/review-json.js';
import { formatReviewSarif } from '../../core/report/sarif.js';
import { formatReviewEmail } from '../../core/report/email.js';
import { openQuiet, readPatchSources, treeReader, warn, type TreeOpts } from './commands.js';
import { oneLine } from '../../core/report/review-escape.js';
import { UsageError } from './session.js';
import { TOOL_VERSION } from './version.js';
import { rangeInput, readRange } from './commits.js';
import { reportOf, type ReviewReport } from '../../core/patch/review-report.js';

export interface ReviewOpts extends TreeOpts {
  format: 'text' | 'json' | 'sarif' | 'email';
  check: AnalyzeOptions;
  perPatch?: boolean;
  /** `--commits A..B`: the series is the range's commits, the base the tree at A. */
  commits?: string;
}

export async function runReview(opts: ReviewOpts): Promise<number> {
  const range = opts.commits !== undefined ? await readRange(opts.tree, opts.commits) : undefined;
  const tree = await openQuiet(opts);
  const input: ReviewInput = {
    ...(range
      ? await rangeInput(tree, range)
      : { base: tree.snapshot, patches: await readPatchSources(opts.patch ?? []), readTree: treeReader(tree.root) }),
    analysis: { ...opts.check, config: defaultConfig(opts.arch) },
  };
  if (opts.perPatch) return runPerPatch(input, opts.format);
  const result = await review(input);
  const report = reportOf(result);
  if (opts.format === 'json') process.stdout.write(formatReviewJson(report));
  else if (opts.format === 'sarif')
    process.stdout.write(
      formatReviewSarif(report, {
        rules: EVERY_RULE,
        toolVersion: TOOL_VERSION,
      }),
    );
  else if (opts.format === 'email') process.stdout.write(formatReviewEmail(report));
  else process.stdout.write(withNewline(formatReviewText(report)));
  if (!result.reviewed) {
    for (const p of result.problems) warn(problemLine(p));
    warn('memhp-review: nothing in the patches could be reviewed (no hunk applied)');
    return 2;
  }
  return hasNewError(report) ? 1 : 0;
}

/** `--per-patch`: one report per patch, each against the tree with the patches before it applied. */
async function runPerPatch(input: ReviewInput, format: ReviewOpts['format']): Promise<number> {
  if (format !== 'json' && format !== 'text') throw new UsageError(`--per-patch writes text or json, not ${format}`);
  const { whole, reports } = await reviewPerPatch(input);
  const subjects = whole.mails.filter((m) => !m.isCover).map((m) => m.subject);
  if (format === 'json') {
    process.stdout.write(`[\n${reports.map((r) => formatReviewJson(r).trimEnd()).join(',\n')}\n]\n`);
  } else {
    reports.forEach((r, i) =>
      process.stdout.write(
        `${i ? '\n' : ''}=== patch ${i + 1} of ${reports.length}: ${oneLine(subjects[i]!)}\n${withNewline(formatReviewText(r))}`,
      ),
    );
  }
  if (!whole.reviewed) return 2;
  return reports.some(hasNewError) ? 1 : 0;
}

const hasNewError = (r: ReviewReport) => r.findings.some((f) => f.status === 'new' && f.finding.severity === 'error');

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
