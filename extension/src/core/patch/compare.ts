// Before/after comparison of a review: findings matched by fingerprint (rule, function, call-path
// names, detail), never by line number, into New / Fixed / Old; call paths that appear or vanish.

import type { Finding } from '../model/finding.js';

export type FindingStatus = 'new' | 'fixed' | 'old';

export interface ComparedFinding {
  status: FindingStatus;
  /** The finding as it is after the series; for Fixed ones, as it was before. */
  finding: Finding;
  /** For Old findings: the same finding in the tree before the series. */
  before?: Finding;
}

export interface PathChanges {
  /** Paths that exist only after the series. */
  added: string[];
  /** Paths that existed only before it. */
  removed: string[];
}

/** Maps a tree line to where it sits after the series (identity for untouched files). */
export type ToPost = (file: string, line: number) => { path: string; line: number } | undefined;

const locKey = (f: Finding) => `${f.location.file}:${f.location.line}`;
const byPlace = (a: Finding, b: Finding) =>
  a.location.file.localeCompare(b.location.file) ||
  a.location.line - b.location.line ||
  a.location.column - b.location.column;

export function compareFindings(
  before: readonly Finding[],
  after: readonly Finding[],
  toPost: ToPost,
): ComparedFinding[] {
  const groups = new Map<string, { before: Finding[]; after: Finding[] }>();
  const group = (fp: string) => {
    let g = groups.get(fp);
    if (!g) groups.set(fp, (g = { before: [], after: [] }));
    return g;
  };
  for (const f of before) group(f.fingerprint).before.push(f);
  for (const f of after) group(f.fingerprint).after.push(f);
  const out: ComparedFinding[] = [];
  for (const g of groups.values()) {
    const restBefore = [...g.before].sort(byPlace);
    const restAfter = [...g.after].sort(byPlace);
    // Same fingerprint more than once: pair those whose before line maps onto the after line first.
    for (let i = 0; i < restBefore.length; i++) {
      const b = restBefore[i]!;
      const moved = toPost(b.location.file, b.location.line);
      const k = moved ? restAfter.findIndex((a) => locKey(a) === `${moved.path}:${moved.line}`) : -1;
      if (k < 0) continue;
      out.push({ status: 'old', finding: restAfter[k]!, before: b });
      restAfter.splice(k, 1);
      restBefore.splice(i--, 1);
    }
    while (restBefore.length > 0 && restAfter.length > 0) {
      out.push({ status: 'old', finding: restAfter.shift()!, before: restBefore.shift()! });
    }
    for (const a of restAfter) out.push({ status: 'new', finding: a });
    for (const b of restBefore) out.push({ status: 'fixed', finding: b });
  }
  const rank: Record<FindingStatus, number> = { new: 0, fixed: 1, old: 2 };
  return out.sort(
    (x, y) =>
      rank[x.status] - rank[y.status] ||
      byPlace(x.finding, y.finding) ||
      x.finding.ruleId.localeCompare(y.finding.ruleId),
  );
}

export function comparePaths(before: readonly string[], after: readonly string[]): PathChanges {
  const had = new Set(before);
  const has = new Set(after);
  return {
    added: [...has].filter((p) => !had.has(p)).sort(),
    removed: [...had].filter((p) => !has.has(p)).sort(),
  };
}
