// `check --patch`: reviews a patch series against the tree. Runs the analysis before and after the series
// (applied in memory) and prints New / Fixed / Old findings and path changes in the chosen format.
// Exit codes: 0 no New error-severity finding, 1 some, 2 when nothing at all could be reviewed.

import { runCheck, type CheckOptions } from '../../core/check.js';
import { buildCallGraph } from '../../core/callgraph/graph.js';
import { defaultConfig } from '../../core/kernel/config.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS } from '../../core/kernel/entries.js';
import { tracePaths } from '../../core/paths/trace.js';
import { chainText } from '../../core/report/paths.js';
import { reviewSeries } from '../../core/patch/review.js';
import { PATCH_CHECK_RULES } from '../../core/patch/checks/index.js';
import { problemLine } from '../../core/patch/types.js';
import { ALL_RULES } from '../../core/rules/index.js';
import { formatReviewText } from '../../core/report/review-text.js';
import { formatReviewJson } from '../../core/report/review-json.js';
import { formatReviewSarif } from '../../core/report/sarif.js';
import { formatReviewEmail } from '../../core/report/email.js';
import type { Snapshot } from '../../core/workspace/workspace.js';
import { openQuiet, readPatchSources, treeReader, warn, type TreeOpts } from './commands.js';
import { perPatchReports } from '../../core/patch/per-patch.js';
import { oneLine } from '../../core/report/review-escape.js';
import { UsageError } from './session.js';

export interface ReviewOpts extends TreeOpts {
  format: 'text' | 'json' | 'sarif' | 'email';
  check: CheckOptions;
  perPatch?: boolean;
}

const TOOL_VERSION = '0.1.0';

export async function runReview(opts: ReviewOpts): Promise<number> {
  const tree = await openQuiet(opts);
  const config = defaultConfig(opts.arch);
  const analyse = (snapshot: Snapshot) => {
    const graph = buildCallGraph(snapshot, config);
    const findings = runCheck(snapshot, graph, tree.parser, { ...opts.check, config }).findings;
    const paths = tracePaths(graph, { from: DEFAULT_ENTRIES, to: DEFAULT_TARGETS }).paths.map((p) =>
      chainText(graph, p),
    );
    return { findings, paths };
  };
  const patches = readPatchSources(opts.patch ?? []);
  const input = { parser: tree.parser, workspace: tree.workspace, readTree: treeReader(tree.root), patches, analyse };
  const review = await reviewSeries(input);
  if (opts.perPatch) return runPerPatch(input, review, opts.format);
  const { lineMap: _lineMap, ...report } = review;
  if (opts.format === 'json') process.stdout.write(formatReviewJson(report));
  else if (opts.format === 'sarif')
    process.stdout.write(
      formatReviewSarif(report, {
        rules: [...ALL_RULES.map((r) => r.meta), ...PATCH_CHECK_RULES],
        toolVersion: TOOL_VERSION,
      }),
    );
  else if (opts.format === 'email') process.stdout.write(formatReviewEmail(report));
  else process.stdout.write(withNewline(formatReviewText(report)));
  if (!review.reviewed) {
    for (const p of review.problems) warn(problemLine(p));
    warn('memhp-review: nothing in the patches could be reviewed (no hunk applied)');
    return 2;
  }
  return review.findings.some((f) => f.status === 'new' && f.finding.severity === 'error') ? 1 : 0;
}

/** `--per-patch`: one report per patch, each against the tree with the patches before it applied. */
async function runPerPatch(
  input: Parameters<typeof reviewSeries>[0],
  whole: Awaited<ReturnType<typeof reviewSeries>>,
  format: ReviewOpts['format'],
): Promise<number> {
  const mails = whole.mails.filter((m) => !m.isCover).map((m) => ({ seq: m.seq, subject: m.subject }));
  const cuts = [await reviewSeries({ ...input, upTo: 0 })];
  for (const m of mails) cuts.push(await reviewSeries({ ...input, upTo: m.seq }));
  const reports = perPatchReports(
    cuts.map(({ lineMap: _l, ...r }) => r),
    mails,
  );
  if (format === 'json') {
    process.stdout.write(`[\n${reports.map((r) => formatReviewJson(r).trimEnd()).join(',\n')}\n]\n`);
  } else if (format === 'text') {
    reports.forEach((r, i) =>
      process.stdout.write(
        `${i ? '\n' : ''}=== patch ${i + 1} of ${reports.length}: ${oneLine(mails[i]!.subject)}\n${withNewline(formatReviewText(r))}`,
      ),
    );
  } else {
    throw new UsageError(`--per-patch writes text or json, not ${format}`);
  }
  if (!whole.reviewed) return 2;
  return reports.some((r) => r.findings.some((f) => f.status === 'new' && f.finding.severity === 'error')) ? 1 : 0;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
