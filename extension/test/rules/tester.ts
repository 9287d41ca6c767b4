// RuleTester for simulator rules (ESLint style): each case is a tiny in-memory tree of C files with the
// expected findings written as caret comments under the offending line:
//     kasan_add_zero_shadow(addr, size);
//     //^^^^^^^^^^^^^^^^^^^ underLock
// The carets' first column is the finding's column; the word after them is the messageId. When the
// carets follow `//` directly (`\t//^^^`), the `//` is read as covering the code's first two columns,
// so carets can point at the start of an indented statement.

import { describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { createCParser } from '../../src/core/syntax/parser.js';
import { readWasm } from '../../src/surfaces/node/wasm.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { analyze } from '../../src/core/analysis/analyze.js';
import type { Rule } from '../../src/core/rules/rule.js';
import type { Finding } from '../../src/core/model/finding.js';

export interface RuleCase {
  name: string;
  /** path -> C text; caret comments mark expected findings (invalid cases only). */
  files: Record<string, string>;
  entries: string[];
  scenario?: string;
  /** Also replay the roots found in the files (sysfs attributes, bus callbacks, exports), after the entries. */
  discover?: boolean;
}

export interface Expected {
  file: string;
  line: number;
  column: number;
  messageId: string;
}

let parser: Promise<Parser> | undefined;

export function expectedFromCarets(files: Record<string, string>): Expected[] {
  const out: Expected[] = [];
  for (const [file, text] of Object.entries(files)) {
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      const m = /^(\s*)\/\/(\s*)(\^+)\s+(\w+)\s*$/.exec(l);
      if (!m) return;
      let target = i - 1;
      while (target >= 0 && /^\s*\/\/\s*\^/.test(lines[target]!)) target--;
      const caret = l.indexOf('^');
      const column = m[2] === '' ? caret - 2 : caret;
      out.push({ file, line: target + 1, column, messageId: m[4]! });
    });
  }
  return out.sort(compare);
}

function compare(a: Expected, b: Expected): number {
  return (
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.messageId.localeCompare(b.messageId)
  );
}

export async function findingsFor(rule: Rule, c: RuleCase): Promise<Finding[]> {
  parser ??= createCParser(readWasm(__dirname));
  const ws = new Workspace(await parser, undefined, true);
  const enc = new TextEncoder();
  for (const [path, text] of Object.entries(c.files)) ws.applyChange(path, enc.encode(text));
  return analyze(ws.snapshot(), {
    trace: false,
    ruleSet: [rule],
    entries: c.entries,
    scenario: c.scenario ?? 'default',
    ...(c.discover ? { discoverRoots: true } : {}),
  }).findings;
}

export function ruleTester(rule: Rule, cases: { valid: RuleCase[]; invalid: RuleCase[] }): void {
  describe(rule.meta.id, () => {
    const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
    it('has unique, non-empty cases and exercises every message', () => {
      expect(new Set(names).size).toBe(names.length);
      expect(cases.valid.length).toBeGreaterThan(0);
      expect(cases.invalid.length).toBeGreaterThan(0);
      const used = new Set(cases.invalid.flatMap((c) => expectedFromCarets(c.files).map((e) => e.messageId)));
      expect([...used].sort()).toEqual(Object.keys(rule.meta.messages).sort());
      for (const c of cases.invalid) expect(expectedFromCarets(c.files).length, c.name).toBeGreaterThan(0);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, async () => {
        const found = await findingsFor(rule, c);
        expect(found.map((f) => `${f.location.file}:${f.location.line} ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        const found = await findingsFor(rule, c);
        const got = [
          ...new Map(
            found.map((f) => {
              const e: Expected = {
                file: f.location.file,
                line: f.location.line,
                column: f.location.column,
                messageId: f.messageId,
              };
              return [`${e.file}:${e.line}:${e.column}:${e.messageId}`, e];
            }),
          ).values(),
        ].sort(compare);
        expect(got).toEqual(expectedFromCarets(c.files));
      });
    }
  });
}
