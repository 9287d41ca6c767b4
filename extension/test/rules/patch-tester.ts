// RuleTester for the patch-local rules (ESLint style): each case adds lines to a file of the 4.19-shape
// fixture tree after a given line, as a one-hunk diff, and marks the findings it expects on the added line
// itself with a trailing comment:   `+	return add_pages(nid, pfn, ...); /*! undeclared pfn */`
// (message id, then the text whose first column on the line is the finding's column).

import { beforeAll, describe, expect, it } from 'vitest';
import type { RuleMeta } from '../../src/core/rules/rule.js';
import type { SeverityOverride } from '../../src/core/rules/runner.js';
import { compareSides, prepareSeries } from '../../src/core/patch/review.js';
import { fixtureTree, type FixtureTree } from '../patch/tree.js';
import { rows, source } from '../patch/helpers.js';

export interface Addition {
  file: string;
  /** Lines are added after this line of the file as the fixture tree has it (0: at the top). */
  after: number;
  lines: string[];
}

export interface PatchCase {
  name: string;
  additions: Addition[];
}

const MARK = /\s*\/\*!\s*(\w+)\s+(.+?)\s*\*\/\s*$/;

/** The diff of a case: one hunk per addition, in file order. */
export function caseDiff(c: PatchCase): string {
  const out: string[] = [];
  for (const a of c.additions) {
    out.push(`--- a/${a.file}`, `+++ b/${a.file}`, `@@ -${a.after},0 +${a.after + 1},${a.lines.length} @@`);
    out.push(...a.lines.map((l) => `+${l}`));
  }
  return rows(...out);
}

/** `file:line:column messageId` for every marked line, lines counted in the post-image. */
export function expectedMarks(c: PatchCase): string[] {
  const out: string[] = [];
  for (const a of c.additions) {
    a.lines.forEach((l, i) => {
      const m = MARK.exec(l);
      if (!m) return;
      const code = l.slice(0, m.index);
      const column = code.indexOf(m[2]!);
      out.push(`${a.file}:${a.after + i + 1}:${column} ${m[1]}`);
    });
  }
  return out.sort();
}

export async function patchFindings(
  tree: FixtureTree,
  meta: RuleMeta,
  c: PatchCase,
  rules: Readonly<Record<string, SeverityOverride>> = {},
) {
  const base = tree.workspace.snapshot();
  const prepared = await prepareSeries(base, [source(`${c.name}.diff`, caseDiff(c))], tree.readTree);
  expect(prepared.applied.hunks.map((h) => h.status)).toEqual(c.additions.map(() => 'clean'));
  const none = { findings: [], paths: [] };
  return compareSides(prepared, none, none, rules).findings.filter((f) => f.finding.ruleId === meta.id);
}

export function patchRuleTester(meta: RuleMeta, cases: { valid: PatchCase[]; invalid: PatchCase[] }): void {
  describe(meta.id, () => {
    let tree: FixtureTree;
    beforeAll(async () => {
      tree = await fixtureTree();
    });

    it('has unique, non-empty cases and exercises every message', () => {
      const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      const used = new Set(cases.invalid.flatMap((c) => expectedMarks(c).map((e) => e.split(' ')[1])));
      expect([...used].sort()).toEqual(Object.keys(meta.messages).sort());
    });

    for (const c of cases.valid) {
      it(`valid: ${c.name}`, async () => {
        expect(expectedMarks(c)).toEqual([]);
        expect((await patchFindings(tree, meta, c)).map((f) => f.finding.message)).toEqual([]);
      });
    }

    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        const found = await patchFindings(tree, meta, c);
        expect(found.every((f) => f.status === 'new')).toBe(true);
        const got = found.map(
          (f) =>
            `${f.finding.location.file}:${f.finding.location.line}:${f.finding.location.column} ${f.finding.messageId}`,
        );
        expect(got.sort()).toEqual(expectedMarks(c));
      });
    }
  });
}
