// The review as text in the kernel test robot's manner: per-hunk apply results first, then "New
// findings:" marked `>>`, "Fixed findings:", "Old findings:", each a smatch-style line with its chain.

import type { AttributedFinding } from '../patch/attribute.js';
import { problemLine } from '../patch/types.js';
import { terminalSafe } from './escape.js';
import { chainLines, findingLine } from './findings-text.js';
import { byStatus, hunkResultText, patchRefText, problemsBesideHunks } from './review-common.js';
import { oneLine } from './review-escape.js';
import type { ReviewReport } from '../patch/review-report.js';

export function formatReviewText(report: ReviewReport): string {
  const out: string[] = [];
  for (const mail of report.mails) {
    out.push(`${mail.isCover ? 'Cover letter' : 'Applying'}: ${oneLine(mail.subject)}`);
    for (const f of report.files.filter((r) => r.mail === mail.seq && r.kind !== 'modify')) {
      const what =
        f.kind === 'add'
          ? `new file ${f.newPath}`
          : f.kind === 'delete'
            ? `delete ${f.oldPath}`
            : `${f.kind} ${f.oldPath} -> ${f.newPath}`;
      out.push(`  ${oneLine(what)}: ${f.status}${f.reason ? ` (${oneLine(f.reason)})` : ''}`);
    }
    for (const h of report.hunks.filter((r) => r.mail === mail.seq)) out.push(`  ${oneLine(hunkResultText(h))}`);
  }
  const problems = problemsBesideHunks(report);
  if (problems.length > 0) {
    out.push('', 'Problems:');
    for (const p of problems) out.push(`  ${oneLine(problemLine(p))}`);
  }
  const groups = byStatus(report.findings);
  section(out, 'New findings:', '>> ', groups.new, report);
  section(out, 'Fixed findings:', '   ', groups.fixed, report);
  section(out, 'Old findings:', '   ', groups.old, report);
  if (report.paths.added.length > 0 || report.paths.removed.length > 0) {
    out.push('', 'New paths:', ...report.paths.added.map((p) => `>> ${oneLine(p)}`));
    out.push('', 'Removed paths:', ...report.paths.removed.map((p) => `   ${oneLine(p)}`));
  }
  const applied = report.hunks.filter((h) => h.status !== 'failed').length;
  // Counted as listed: one per site and message, however many entries reach it.
  const listed = (l: readonly AttributedFinding[]) => new Set(l.map((f) => findingLine(f.finding))).size;
  out.push(
    '',
    `${listed(groups.new)} new, ${listed(groups.fixed)} fixed, ${listed(groups.old)} old; ` +
      `${applied} of ${report.hunks.length} hunks applied${report.reviewed ? '' : '; nothing could be reviewed'}`,
  );
  return out.join('\n');
}

function section(
  out: string[],
  title: string,
  mark: string,
  findings: readonly AttributedFinding[],
  report: ReviewReport,
): void {
  out.push('', title);
  if (findings.length === 0) out.push('   (none)');
  // One line per site and message, with every chain that reaches it under it.
  const groups = new Map<string, AttributedFinding[]>();
  for (const f of findings) {
    const line = findingLine(f.finding);
    groups.set(line, [...(groups.get(line) ?? []), f]);
  }
  for (const [line, group] of groups) {
    out.push(`${mark}${oneLine(line)}`);
    for (const f of group) {
      if (f.finding.chain.length > 0) out.push(...chainLines(f.finding, '     ').map(terminalSafe));
    }
    const refs = new Set(group.filter((f) => f.patch).map((f) => patchRefText(report, f.patch!)));
    for (const ref of refs) out.push(`     ${oneLine(ref)}`);
  }
}
