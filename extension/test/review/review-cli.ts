// Test helper for `check --patch` end to end: runs the bundled CLI (built first when stale, see
// ../cli/run-cli.ts) and reads the JSON review. Types cover only the fields these tests look at.

import { runCli, runCliAsync, type CliRun } from '../cli/run-cli.js';

export interface ReviewLoc {
  file: string;
  line: number;
  column: number;
}

export interface ReviewFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: ReviewLoc;
  function: string;
  entry: string;
  chain: { caller: string; callee: string; file: string; line: number; kind: string; via?: string }[];
  fingerprint: string;
  status: 'new' | 'fixed' | 'old';
  before: ReviewLoc | null;
  patch: {
    mail: number;
    sign: '+' | '-';
    via: string;
    file: string;
    hunk: number;
    at: { file: string; line: number; decoded: boolean };
    treeFile: string;
    treeLine: number;
  } | null;
}

export interface ReviewJson {
  version: number;
  reviewed: boolean;
  findings: Record<'new' | 'fixed' | 'old', ReviewFinding[]>;
  paths: { added: string[]; removed: string[] };
  summary: Record<string, number>;
}

/** `check --patch P... [extra]` on the embedded 4.19-shape tree unless extra names a --tree. */
export function checkPatch(patches: readonly string[], cache: string, extra: readonly string[] = []): CliRun {
  return runCli(['check', ...patches.flatMap((p) => ['--patch', p]), ...extra], cache);
}

export function reviewJson(
  patches: readonly string[],
  cache: string,
  extra: readonly string[] = [],
): { run: CliRun; json: ReviewJson } {
  const run = checkPatch(patches, cache, [...extra, '--format', 'json']);
  return { run, json: JSON.parse(run.stdout) as ReviewJson };
}

/** `checkPatch` without blocking the worker (whole kernel trees). */
export function checkPatchAsync(
  patches: readonly string[],
  cache: string,
  extra: readonly string[] = [],
): Promise<CliRun> {
  return runCliAsync(['check', ...patches.flatMap((p) => ['--patch', p]), ...extra], cache);
}

export async function reviewJsonAsync(
  patches: readonly string[],
  cache: string,
  extra: readonly string[] = [],
): Promise<{ run: CliRun; json: ReviewJson }> {
  const run = await checkPatchAsync(patches, cache, [...extra, '--format', 'json']);
  return { run, json: JSON.parse(run.stdout) as ReviewJson };
}

/** A finding in one line: `rule file:line function() <- entry [chain] @patchfile:line mail N hunk H`. */
export function brief(f: ReviewFinding): string {
  const chain = f.chain.length === 0 ? '' : ` [${[f.chain[0]!.caller, ...f.chain.map((s) => s.callee)].join(' -> ')}]`;
  const patch = f.patch
    ? ` ${f.patch.sign}${f.patch.at.file}:${f.patch.at.line} mail ${f.patch.mail} hunk ${f.patch.hunk}`
    : '';
  return `${f.ruleId} ${f.location.file}:${f.location.line} ${f.function}() <- ${f.entry}${chain}${patch}`;
}

/** The lines of the text report from `heading` up to the next blank line (the heading excluded). */
export function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}
