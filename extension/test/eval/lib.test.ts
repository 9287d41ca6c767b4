// The pure parts of `npm run eval`: corpus schema, essence application, line mapping and matching, report text.
// The evaluation itself needs the fetched release mirrors and is not run here.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  formatErrors,
  formatReport,
  judge,
  mapLine,
  validateCorpus,
  type Row,
  type SlimFinding,
} from '../../eval/lib.js';

const corpusFile = join(__dirname, '../../eval/corpus.json');

function finding(ruleId: string, file: string, line: number, severity = 'error', message = 'm'): SlimFinding {
  return { ruleId, severity, file, line, function: 'f', message };
}

const goodCase = {
  id: 'demo-case',
  title: 't',
  fix: { sha: '0123456789ab', subject: 's' },
  mail: null,
  release: 'r1',
  direction: 'reverse',
  class: 'requires-lock',
  essence: [{ file: 'a.c', from: 'x', to: 'y' }],
  expect: { rule: 'requires-lock', file: 'a.c', line: 3, text: 'y' },
};
const goodRelease = { id: 'r1', repo: 'o/n', commit: 'a'.repeat(40), prefix: '', version: '1.0' };

describe('validateCorpus', () => {
  it('accepts the committed corpus: at least 25 cases on at least 4 releases', () => {
    const data = JSON.parse(readFileSync(corpusFile, 'utf8')) as { releases: unknown[]; cases: { release: string }[] };
    expect(validateCorpus(data)).toEqual([]);
    expect(data.cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(data.cases.map((c) => c.release)).size).toBeGreaterThanOrEqual(4);
  });

  it('accepts a well-formed corpus', () => {
    expect(validateCorpus({ releases: [goodRelease], cases: [goodCase] })).toEqual([]);
  });

  it('names the case and field of each problem', () => {
    const bad = {
      ...goodCase,
      fix: { sha: 'XYZ', subject: '' },
      release: 'r9',
      direction: 'sideways',
      essence: [{ file: 'a.c', from: 'x', to: 'x' }],
      expect: { rule: 'no-such-rule', file: 'a.c', line: 0, text: 'y' },
    };
    expect(
      validateCorpus({ releases: [goodRelease], cases: [bad, { ...goodCase, fix: { sha: null, subject: 's' } }] }),
    ).toEqual([
      'case demo-case: "fix.sha" must be 12-40 lower-case hex digits or null',
      'case demo-case fix: "subject" must be a non-empty string',
      'case demo-case: unknown release "r9"',
      'case demo-case: "direction" must be "reverse" or "forward"',
      'case demo-case essence[0]: "from" and "to" are the same',
      'case demo-case: unknown rule "no-such-rule"',
      'case demo-case: "expect.line" must be a positive integer',
      'case demo-case: duplicate case id',
      'case demo-case: "fix.shaNote" must say why the sha is unknown',
    ]);
  });

  it('rejects a corpus without the two arrays, and bad releases', () => {
    expect(validateCorpus([])).toEqual(['corpus: must be an object with "releases" and "cases" arrays']);
    expect(validateCorpus({ releases: [{ ...goodRelease, commit: 'abc', prefix: 'kernel' }], cases: [] })).toEqual([
      'releases[0]: "commit" must be 40 hex digits',
      'releases[0]: "prefix" must be empty or end with /',
    ]);
  });
});

describe('applyEdits', () => {
  it('replaces each unique text in order', () => {
    expect(
      applyEdits('a\n\tlock();\n\tcall();\n\tunlock();\n', [
        { file: 'f.c', from: '\tlock();\n', to: '' },
        { file: 'f.c', from: '\tunlock();\n', to: '' },
      ]),
    ).toEqual({ text: 'a\n\tcall();\n' });
  });

  it('refuses text that is absent or occurs twice, naming the edit and its first line', () => {
    expect(applyEdits('x\nx\n', [{ file: 'f.c', from: 'x', to: 'y' }])).toEqual({
      error: 'edit 1 on f.c: text occurs more than once: "x"',
    });
    expect(applyEdits('x\n', [{ file: 'f.c', from: '\n\tgone();', to: '' }])).toEqual({
      error: 'edit 1 on f.c: text not found: "\\tgone();"',
    });
  });
});

describe('mapLine', () => {
  const before = 'a\nb\nlock\nc\nd\n';
  const after = 'a\nb\nc\nd\n';
  it('keeps unchanged lines, shifted past the change', () => {
    expect(mapLine(before, after, 1)).toBe(1);
    expect(mapLine(before, after, 4)).toBe(3);
    expect(mapLine(before, after, 5)).toBe(4);
  });
  it('maps a removed line to where the change landed', () => {
    expect(mapLine(before, after, 3)).toBe(3);
  });
  it('counts added lines', () => {
    expect(mapLine(after, before, 3)).toBe(4);
  });
});

describe('judge', () => {
  const expectAt = { rule: 'requires-lock', file: 'mm/a.c', line: 10, text: '' };
  it('finds a finding of the rule within 3 lines, and none after the fix', () => {
    expect(
      judge(expectAt, [finding('requires-lock', 'mm/a.c', 13)], [finding('requires-lock', 'mm/a.c', 20)], 9),
    ).toEqual({ found: true, nearest: null, cleanAfter: true });
  });
  it('misses 4 lines off or another rule, and names the nearest finding in the file', () => {
    const near = finding('double-lock', 'mm/a.c', 11);
    expect(
      judge(expectAt, [finding('requires-lock', 'mm/a.c', 14), near, finding('requires-lock', 'mm/b.c', 10)], [], 10),
    ).toEqual({
      found: false,
      nearest: near,
      cleanAfter: true,
    });
  });
  it('is not clean after when the finding stays at the mapped line', () => {
    expect(judge(expectAt, [], [finding('requires-lock', 'mm/a.c', 7)], 8)).toEqual({
      found: false,
      nearest: null,
      cleanAfter: false,
    });
  });
});

describe('formatReport', () => {
  it('prints the table and the two figures over the cases that ran', () => {
    const rows: Row[] = [
      {
        id: 'one',
        release: 'v5.10',
        fix: 'b4223a510e2a',
        rule: 'unlock-not-held',
        expected: 'mm/memory_hotplug.c:1751',
        verdict: { found: true, nearest: null, cleanAfter: true },
      },
      {
        id: 'two-longer',
        release: 'v6.6',
        fix: '(no sha)',
        rule: 'requires-lock',
        expected: 'drivers/base/memory.c:212',
        verdict: { found: false, nearest: finding('sleep-in-atomic', 'drivers/base/memory.c', 250), cleanAfter: false },
      },
      {
        id: 'three',
        release: 'v6.6',
        fix: '(no sha)',
        rule: 'zone-span-stale',
        expected: 'mm/sparse.c:1',
        verdict: { error: 'edit 1 on mm/sparse.c: text not found: "x"' },
      },
    ];
    expect(formatReport(rows)).toBe(
      [
        'case        release  fix           rule             expected at                result                                                       clean after',
        'one         v5.10    b4223a510e2a  unlock-not-held  mm/memory_hotplug.c:1751   found                                                        yes',
        'two-longer  v6.6     (no sha)      requires-lock    drivers/base/memory.c:212  missed (nearest: sleep-in-atomic drivers/base/memory.c:250)  no',
        'three       v6.6     (no sha)      zone-span-stale  mm/sparse.c:1              error                                                        edit 1 on mm/sparse.c: text not found: "x"',
        '',
        'recall at line ±3 and rule: 1/2 = 50.0 %',
        'clean after the fix: 1/2 = 50.0 %',
        'clean after the fix, of the cases found: 1/1',
        'cases that could not run: 1',
      ].join('\n'),
    );
  });
});

describe('formatErrors', () => {
  it('lists error-severity findings once each, sorted', () => {
    expect(
      formatErrors([
        finding('requires-lock', 'kernel/workqueue.c', 1334, 'error', 'get_pwq() needs lock'),
        finding('kasan-under-hotplug-lock', 'mm/memremap.c', 128, 'warning'),
        finding('double-lock', 'drivers/base/core.c', 3130, 'error', 'again'),
        finding('requires-lock', 'kernel/workqueue.c', 1334, 'error', 'get_pwq() needs lock'),
      ]),
    ).toEqual([
      'double-lock drivers/base/core.c:3130 again',
      'requires-lock kernel/workqueue.c:1334 get_pwq() needs lock',
    ]);
  });
});
