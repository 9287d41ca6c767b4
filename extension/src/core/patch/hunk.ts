// Reads one hunk body after its `@@` header, checking the line counts the header states: a truncated
// hunk or one with more lines than stated is kept, marked invalid with the counts, and never applied.

import type { Hunk, HunkLine, PatchLoc } from './types.js';

/** True for a line that opens a file's diff: `diff --git`, or `--- x` directly followed by `+++ y`. */
export function opensFileDiff(lines: readonly string[], i: number): boolean {
  const line = lines[i]!;
  return line.startsWith('diff --git ') || (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ '));
}

/** git's `-- ` signature separator (b4 and some tools write `--`): the diff ends there. */
export function isSignature(line: string): boolean {
  return line === '-- ' || line === '--';
}

export interface ParsedHunk {
  hunk: Hunk;
  /** Index of the first line after the hunk. */
  next: number;
}

export function parseHunkBody(
  lines: readonly string[],
  headerIndex: number,
  header: RegExpExecArray,
  number: number,
  locate: (i: number) => PatchLoc,
): ParsedHunk {
  const oldLines = header[2] === undefined ? 1 : Number(header[2]);
  const newLines = header[4] === undefined ? 1 : Number(header[4]);
  const hunk: Hunk = {
    number,
    header: lines[headerIndex]!,
    section: (header[5] ?? '').trim(),
    at: locate(headerIndex),
    oldStart: Number(header[1]),
    oldLines,
    newStart: Number(header[3]),
    newLines,
    lines: [],
    oldNoNewline: false,
    newNoNewline: false,
  };
  let oldSeen = 0;
  let newSeen = 0;
  let i = headerIndex + 1;
  const complete = () => oldSeen >= oldLines && newSeen >= newLines;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('\\')) {
      markNoNewline(hunk);
      continue;
    }
    if (complete()) break;
    if (line === '-- ' && /^\d+(\.\d+)+/.test(lines[i + 1] ?? '')) break;
    // A mailer that strips trailing blanks turns the context line " " into "": git reads it as context.
    const op = line === '' ? ' ' : line[0];
    if (op !== ' ' && op !== '+' && op !== '-') break;
    if (op === '-' && opensFileDiff(lines, i)) break;
    const entry: HunkLine = { op, text: line.slice(1), at: locate(i) };
    hunk.lines.push(entry);
    if (op !== '+') oldSeen++;
    if (op !== '-') newSeen++;
  }
  const stated = `header says -${hunk.oldStart},${oldLines} +${hunk.newStart},${newLines}`;
  if (!complete()) {
    const end = i < lines.length ? `line ${locate(i).line} "${lines[i]!.slice(0, 40)}"` : 'the end of the mail';
    hunk.invalid = `hunk shorter than its header says (truncated, or wrong line counts): ${stated} but it ends at ${end} after ${oldSeen} old and ${newSeen} new lines`;
    return { hunk, next: i };
  }
  const excessEnd = excessLines(lines, i);
  if (excessEnd > i) {
    let extraOld = 0;
    let extraNew = 0;
    for (let k = i; k < excessEnd; k++) {
      const op = lines[k] === '' ? ' ' : lines[k]![0];
      if (op !== '+') extraOld++;
      if (op !== '-') extraNew++;
    }
    hunk.invalid = `wrong line counts: ${stated} but the hunk has ${oldSeen + extraOld} old and ${newSeen + extraNew} new lines`;
    return { hunk, next: excessEnd };
  }
  return { hunk, next: i };
}

/** A `\` line marks the line before it: old side after `-`, new side after `+`, both after context. */
function markNoNewline(hunk: Hunk): void {
  const last = hunk.lines[hunk.lines.length - 1];
  if (!last) return;
  if (last.op !== '+') hunk.oldNoNewline = true;
  if (last.op !== '-') hunk.newNoNewline = true;
}

/** End of hunk-looking lines right after a complete hunk (blank lines count only when more follow). */
function excessLines(lines: readonly string[], from: number): number {
  let lastReal = from;
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!;
    if (line === '') continue;
    if (!/^[ +-]/.test(line) || isSignature(line) || opensFileDiff(lines, k)) break;
    lastReal = k + 1;
  }
  return lastReal;
}
