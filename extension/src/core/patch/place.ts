// Finds where one hunk goes in a file image, as git apply does: at the stated line, then at an offset
// searching outward (forward first), then with fuzz (up to 2 context lines dropped from each end).
// When nothing matches it names the first hunk line that differs from the file at the stated line.

import { clip } from './diff.js';
import type { Hunk, HunkLine } from './types.js';

export const MAX_FUZZ = 2;

export interface Placement {
  /** 0-based index in the image where the kept old-side lines start. */
  pos: number;
  fuzz: number;
  /** Context lines dropped from the start and the end of the hunk to make it match. */
  dropLead: number;
  dropTrail: number;
  /** Offset from the stated position, in lines (positive: later in the file). */
  offset: number;
  /** With fuzz: the first ignored context line that differs from the file, and what the file has. */
  fuzzNote?: string;
}

export type PlaceResult = { ok: true; placement: Placement } | { ok: false; reason: string };

/** The hunk's stated position in the file as patched so far (0-based). */
export function statedPosition(hunk: Hunk): number {
  return Math.max(0, hunk.newLines === 0 ? hunk.newStart : hunk.newStart - 1);
}

function contextRun(lines: readonly HunkLine[], fromEnd: boolean): number {
  let n = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[fromEnd ? lines.length - 1 - k : k]!;
    if (line.op !== ' ') break;
    n++;
  }
  return n;
}

/**
 * `image` holds the file's lines; `endsWithNewline` its last line's newline; `bias` the offset the
 * previous hunk of this file applied at; `minPos` the end of that hunk, before which no match is sought.
 */
export function placeHunk(
  image: readonly string[],
  endsWithNewline: boolean,
  hunk: Hunk,
  bias: number,
  minPos: number,
): PlaceResult {
  const old = hunk.lines.filter((l) => l.op !== '+');
  const oldText = old.map((l) => l.text);
  const leading = contextRun(hunk.lines, false);
  const trailing = contextRun(hunk.lines, true);
  const stated = statedPosition(hunk);
  const guess = stated + bias;
  const mustBegin = hunk.oldStart <= 1;
  const mustEnd = trailing === 0 && old.length > 0;
  let lastDrop = -1;
  for (let fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
    const dropLead = Math.min(fuzz, leading);
    const dropTrail = Math.min(fuzz, trailing);
    if (dropLead + dropTrail === lastDrop) continue;
    lastDrop = dropLead + dropTrail;
    const want = oldText.slice(dropLead, oldText.length - dropTrail);
    const reachesEnd = dropTrail === 0;
    const fits = (pos: number) =>
      matchesAt(image, want, pos) &&
      (!hunk.oldNoNewline || !reachesEnd || (pos + want.length === image.length && !endsWithNewline));
    // git first insists on the file's start (hunk at line 1) or end (no trailing context), then lets go.
    const anchored: number[] = [];
    if (fuzz === 0 && mustBegin) anchored.push(0);
    if (fuzz === 0 && (mustEnd || hunk.oldNoNewline)) anchored.push(image.length - want.length);
    let pos = anchored.find((p) => p >= minPos && fits(p));
    pos ??= searchOutward(image.length - want.length, guess + dropLead, minPos, fits);
    if (pos === undefined) continue;
    const result = placed(pos, fuzz, dropLead, dropTrail, stated);
    if (result.fuzz > 0) result.fuzzNote = ignoredContextNote(image, old, pos, dropLead, dropTrail);
    return { ok: true, placement: result };
  }
  return { ok: false, reason: mismatchReason(image, endsWithNewline, hunk, old, guess) };
}

function placed(pos: number, fuzz: number, dropLead: number, dropTrail: number, stated: number): Placement {
  return { pos, fuzz: dropLead + dropTrail === 0 ? 0 : fuzz, dropLead, dropTrail, offset: pos - dropLead - stated };
}

/** Names the first dropped context line that the file does not have where the hunk landed. */
function ignoredContextNote(
  image: readonly string[],
  old: readonly HunkLine[],
  pos: number,
  dropLead: number,
  dropTrail: number,
): string {
  const dropped = [
    ...old.slice(0, dropLead).map((line, k) => ({ line, at: pos - dropLead + k })),
    ...old.slice(old.length - dropTrail).map((line, k) => ({ line, at: pos + old.length - dropLead - dropTrail + k })),
  ];
  for (const { line, at } of dropped) {
    if (image[at] === line.text) continue;
    const where = line.at.decoded ? `decoded line ${line.at.line}` : `patch line ${line.at.line}`;
    const has =
      at >= 0 && at < image.length
        ? `the file has "${clip(image[at]!, 80)}" at line ${at + 1}`
        : 'the file ends before it';
    return `ignored context "${clip(line.text, 80)}" (${where}); ${has}`;
  }
  return `ignored ${dropLead + dropTrail} context lines at the edge of the file`;
}

function matchesAt(image: readonly string[], want: readonly string[], pos: number): boolean {
  if (pos < 0 || pos + want.length > image.length) return false;
  for (let k = 0; k < want.length; k++) if (image[pos + k] !== want[k]) return false;
  return true;
}

/** Tries guess, guess+1, guess-1, guess+2, ... within [minPos, maxPos]. */
function searchOutward(
  maxPos: number,
  guess: number,
  minPos: number,
  fits: (pos: number) => boolean,
): number | undefined {
  if (maxPos < minPos) return undefined;
  const start = Math.min(Math.max(guess, minPos), maxPos);
  const reach = Math.max(start - minPos, maxPos - start);
  for (let d = 0; d <= reach; d++) {
    if (start + d <= maxPos && fits(start + d)) return start + d;
    if (d > 0 && start - d >= minPos && fits(start - d)) return start - d;
  }
  return undefined;
}

function mismatchReason(
  image: readonly string[],
  endsWithNewline: boolean,
  hunk: Hunk,
  old: readonly HunkLine[],
  guess: number,
): string {
  guess = Math.max(0, guess);
  const fuzzNote = `, nor at any offset or with fuzz ${MAX_FUZZ}`;
  for (let k = 0; k < old.length; k++) {
    const line = old[k]!;
    const at = guess + k;
    const patchLine = line.at.decoded ? `decoded line ${line.at.line}` : `patch line ${line.at.line}`;
    if (at >= image.length) {
      return `context mismatch: the hunk expects "${clip(line.text, 80)}" (${patchLine}) at line ${at + 1}, but the file has only ${image.length} lines${fuzzNote}`;
    }
    if (image[at] !== line.text) {
      return `context mismatch at line ${at + 1}: the hunk expects "${clip(line.text, 80)}" (${patchLine}), the file has "${clip(image[at]!, 80)}"${fuzzNote}`;
    }
  }
  if (hunk.oldNoNewline && endsWithNewline)
    return 'context mismatch: the hunk says the file has no newline at its end, but it has one';
  return `context mismatch at line ${guess + 1}: the hunk does not fit before the end of the earlier hunk${fuzzNote}`;
}
