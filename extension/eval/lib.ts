// The pure half of the real-history evaluation: the corpus schema, laying a case's essence into a file,
// carrying a line across it, judging findings against the expectation, and the report text. No I/O here.

import { diffLines } from 'diff';

export interface Release {
  id: string;
  /** GitHub owner/name of the stored snapshot (the fetch tool's `github:` source). */
  repo: string;
  commit: string;
  /** Folder of the kernel tree inside the snapshot ('' when the tree is at its root). */
  prefix: string;
  version: string;
}

export interface Edit {
  file: string;
  /** Text that occurs exactly once in the file. */
  from: string;
  to: string;
}

export interface Expectation {
  rule: string;
  file: string;
  /** 1-based line in the tree before the fix. */
  line: number;
  /** Text the expected line of the before tree contains; catches an essence drifting off its line. */
  text: string;
}

export interface Case {
  id: string;
  title: string;
  fix: { sha: string | null; subject: string; shaNote?: string };
  mail: { messageId: string | null; subject: string } | null;
  release: string;
  /** reverse: the release has the fix, before = release + essence. forward: the release has the bug, after = release + essence. */
  direction: 'reverse' | 'forward';
  scenario?: string;
  essence: Edit[];
  expect: Expectation;
  class: string;
}

export interface Corpus {
  releases: Release[];
  cases: Case[];
}

export interface SlimFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  function: string;
  message: string;
}

export const RULE_IDS = [
  'kasan-under-hotplug-lock',
  'requires-lock',
  'lock-held-at-return',
  'unlock-not-held',
  'double-lock',
  'lock-order-inversion',
  'sleep-in-atomic',
  'inconsistent-lock-context',
  'memmap-uninitialized-access',
  'zone-span-stale',
  'unbalanced-teardown',
] as const;

const SHA = /^[0-9a-f]{12,40}$/;
const ID = /^[a-z0-9][a-z0-9-]*$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Record<string, unknown>, key: string, where: string, errors: string[], allowEmpty = false): string {
  const v = o[key];
  if (typeof v !== 'string' || (!allowEmpty && v === '')) {
    errors.push(`${where}: "${key}" must be a${allowEmpty ? '' : ' non-empty'} string`);
    return '';
  }
  return v;
}

/** Every problem of the corpus, each naming the case and field; empty when the corpus is well formed. */
export function validateCorpus(data: unknown): string[] {
  const errors: string[] = [];
  if (!isRecord(data) || !Array.isArray(data.releases) || !Array.isArray(data.cases)) {
    return ['corpus: must be an object with "releases" and "cases" arrays'];
  }
  const releases = new Set<string>();
  data.releases.forEach((r: unknown, i: number) => {
    const where = `releases[${i}]`;
    if (!isRecord(r)) return void errors.push(`${where}: must be an object`);
    const id = str(r, 'id', where, errors);
    if (releases.has(id)) errors.push(`${where}: duplicate release id "${id}"`);
    releases.add(id);
    if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(str(r, 'repo', where, errors))) errors.push(`${where}: bad "repo"`);
    if (!/^[0-9a-f]{40}$/.test(str(r, 'commit', where, errors)))
      errors.push(`${where}: "commit" must be 40 hex digits`);
    const prefix = str(r, 'prefix', where, errors, true);
    if (prefix !== '' && !prefix.endsWith('/')) errors.push(`${where}: "prefix" must be empty or end with /`);
    str(r, 'version', where, errors);
  });
  const ids = new Set<string>();
  data.cases.forEach((c: unknown, i: number) => {
    if (!isRecord(c)) return void errors.push(`cases[${i}]: must be an object`);
    const id = typeof c.id === 'string' ? c.id : '';
    const where = `case ${id || `#${i}`}`;
    if (!ID.test(id)) errors.push(`${where}: "id" must be lower-case letters, digits and dashes`);
    if (ids.has(id)) errors.push(`${where}: duplicate case id`);
    ids.add(id);
    str(c, 'title', where, errors);
    str(c, 'class', where, errors);
    if (!isRecord(c.fix)) errors.push(`${where}: "fix" must be an object`);
    else {
      if (c.fix.sha !== null && (typeof c.fix.sha !== 'string' || !SHA.test(c.fix.sha)))
        errors.push(`${where}: "fix.sha" must be 12-40 lower-case hex digits or null`);
      if (c.fix.sha === null && typeof c.fix.shaNote !== 'string')
        errors.push(`${where}: "fix.shaNote" must say why the sha is unknown`);
      str(c.fix, 'subject', `${where} fix`, errors);
    }
    if (c.mail !== null && !isRecord(c.mail)) errors.push(`${where}: "mail" must be an object or null`);
    if (!releases.has(String(c.release))) errors.push(`${where}: unknown release "${String(c.release)}"`);
    if (c.direction !== 'reverse' && c.direction !== 'forward')
      errors.push(`${where}: "direction" must be "reverse" or "forward"`);
    if (c.scenario !== undefined && typeof c.scenario !== 'string')
      errors.push(`${where}: "scenario" must be a string`);
    if (!Array.isArray(c.essence) || c.essence.length === 0) errors.push(`${where}: "essence" must list edits`);
    else
      c.essence.forEach((e: unknown, j: number) => {
        const w = `${where} essence[${j}]`;
        if (!isRecord(e)) return void errors.push(`${w}: must be an object`);
        str(e, 'file', w, errors);
        str(e, 'from', w, errors);
        str(e, 'to', w, errors, true);
        if (e.from === e.to) errors.push(`${w}: "from" and "to" are the same`);
      });
    if (!isRecord(c.expect)) errors.push(`${where}: "expect" must be an object`);
    else {
      const rule = str(c.expect, 'rule', `${where} expect`, errors);
      if (rule && !(RULE_IDS as readonly string[]).includes(rule)) errors.push(`${where}: unknown rule "${rule}"`);
      str(c.expect, 'file', `${where} expect`, errors);
      str(c.expect, 'text', `${where} expect`, errors);
      const line = c.expect.line;
      if (typeof line !== 'number' || !Number.isInteger(line) || line < 1)
        errors.push(`${where}: "expect.line" must be a positive integer`);
    }
  });
  return errors;
}

/** The file with the case's edits laid in, or the reason they do not apply. */
export function applyEdits(text: string, edits: readonly Edit[]): { text: string } | { error: string } {
  let out = text;
  for (const [i, e] of edits.entries()) {
    const at = out.indexOf(e.from);
    if (at < 0) return { error: `edit ${i + 1} on ${e.file}: text not found: ${JSON.stringify(firstLine(e.from))}` };
    if (out.indexOf(e.from, at + 1) >= 0)
      return { error: `edit ${i + 1} on ${e.file}: text occurs more than once: ${JSON.stringify(firstLine(e.from))}` };
    out = out.slice(0, at) + e.to + out.slice(at + e.from.length);
  }
  return { text: out };
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '') ?? s;
}

/** The line of `to` that line `line` of `from` became: the same line where unchanged, else where its change landed. */
export function mapLine(from: string, to: string, line: number): number {
  let a = 1;
  let b = 1;
  for (const part of diffLines(from, to)) {
    const n = part.count ?? 0;
    if (part.removed) {
      if (line < a + n) return b;
      a += n;
    } else if (part.added) b += n;
    else {
      if (line < a + n) return b + (line - a);
      a += n;
      b += n;
    }
  }
  return b;
}

export const LINE_SLACK = 3;

export function matches(f: SlimFinding, rule: string, file: string, line: number): boolean {
  return f.ruleId === rule && f.file === file && Math.abs(f.line - line) <= LINE_SLACK;
}

export interface Verdict {
  found: boolean;
  /** When missed: the finding of the expected file closest to the expected line, any rule. */
  nearest: SlimFinding | null;
  cleanAfter: boolean;
}

export function judge(
  expect: Expectation,
  before: readonly SlimFinding[],
  after: readonly SlimFinding[],
  afterLine: number,
): Verdict {
  const found = before.some((f) => matches(f, expect.rule, expect.file, expect.line));
  let nearest: SlimFinding | null = null;
  if (!found)
    for (const f of before)
      if (f.file === expect.file && (!nearest || Math.abs(f.line - expect.line) < Math.abs(nearest.line - expect.line)))
        nearest = f;
  const cleanAfter = !after.some((f) => matches(f, expect.rule, expect.file, afterLine));
  return { found, nearest, cleanAfter };
}

export interface Row {
  id: string;
  release: string;
  fix: string;
  rule: string;
  expected: string;
  verdict: Verdict | { error: string };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function describeVerdict(v: Verdict | { error: string }): [string, string] {
  if ('error' in v) return ['error', v.error];
  if (v.found) return ['found', v.cleanAfter ? 'yes' : 'no'];
  const near = v.nearest
    ? `missed (nearest: ${v.nearest.ruleId} ${v.nearest.file}:${v.nearest.line})`
    : 'missed (nothing in file)';
  return [near, v.cleanAfter ? 'yes' : 'no'];
}

/** The result table, then recall at line and rule and the clean-after share, both over the cases that ran. */
export function formatReport(rows: readonly Row[]): string {
  const head = ['case', 'release', 'fix', 'rule', 'expected at', 'result', 'clean after'];
  const body = rows.map((r) => {
    const [result, clean] = describeVerdict(r.verdict);
    return [r.id, r.release, r.fix, r.rule, r.expected, result, clean];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const ran = rows.filter((r) => !('error' in r.verdict)).map((r) => r.verdict as Verdict);
  const found = ran.filter((v) => v.found).length;
  const clean = ran.filter((v) => v.cleanAfter).length;
  const foundClean = ran.filter((v) => v.found && v.cleanAfter).length;
  const pct = (n: number) => (ran.length === 0 ? '-' : `${((100 * n) / ran.length).toFixed(1)} %`);
  const failed = rows.length - ran.length;
  return [
    line(head),
    ...body.map(line),
    '',
    `recall at line ±${LINE_SLACK} and rule: ${found}/${ran.length} = ${pct(found)}`,
    `clean after the fix: ${clean}/${ran.length} = ${pct(clean)}`,
    `clean after the fix, of the cases found: ${foundClean}/${found}`,
    ...(failed > 0 ? [`cases that could not run: ${failed}`] : []),
  ].join('\n');
}

/** Error-severity findings of one tree, one line each, duplicates (same rule, place and message) once. */
export function formatErrors(findings: readonly SlimFinding[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of findings) {
    if (f.severity !== 'error') continue;
    const text = `${f.ruleId} ${f.file}:${f.line} ${f.message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out.sort((x, y) => x.localeCompare(y, 'en'));
}
