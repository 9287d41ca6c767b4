// Per-patch review: from the reviews of the series cut after each patch, what each patch itself brings
// in (New), takes away (Fixed: present before it, gone after it), with the hunks of that patch only.

import type { AttributedFinding } from './attribute.js';
import type { ReviewReport } from './review-report.js';

const key = (f: AttributedFinding) => f.finding.fingerprint;

/** `cuts[k]` is the review of the series up to patch k (cuts[0]: nothing applied beyond the tree). */
export function perPatchReports(
  cuts: readonly ReviewReport[],
  mails: readonly { seq: number; subject: string }[],
): ReviewReport[] {
  const out: ReviewReport[] = [];
  for (let k = 1; k < cuts.length; k++) {
    const prev = cuts[k - 1]!;
    const cur = cuts[k]!;
    const { seq, subject } = mails[k - 1]!;
    const presentBefore = new Set(prev.findings.filter((f) => f.status !== 'fixed').map(key));
    const presentAfter = new Set(cur.findings.filter((f) => f.status !== 'fixed').map(key));
    const findings: AttributedFinding[] = [
      ...cur.findings
        .filter((f) => f.status !== 'fixed' && !presentBefore.has(key(f)))
        .map((f) => ({ ...f, status: 'new' as const })),
      ...prev.findings
        .filter((f) => f.status !== 'fixed' && !presentAfter.has(key(f)))
        .map((f) => ({ ...f, status: 'fixed' as const })),
      ...cur.findings
        .filter((f) => f.status !== 'fixed' && presentBefore.has(key(f)))
        .map((f) => ({ ...f, status: 'old' as const })),
    ];
    const before = new Set([...prev.paths.added]);
    const after = new Set([...cur.paths.added]);
    out.push({
      ...cur,
      hunks: cur.hunks.filter((h) => h.mail === seq),
      problems: cur.problems.filter((p) => (p.mail === undefined ? k === 1 : p.mail === subject)),
      findings,
      paths: {
        added: [...after].filter((p) => !before.has(p)),
        removed: [...before]
          .filter((p) => !after.has(p))
          .concat(cur.paths.removed.filter((p) => !prev.paths.removed.includes(p))),
      },
    });
  }
  return out;
}
