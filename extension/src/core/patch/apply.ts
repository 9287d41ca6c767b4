// Applies a series to file texts in memory (never to disk), hunk by hunk with git apply semantics, and
// records for every resulting line where it came from (a tree line or a `+` line of a mail).
// Hand-written rather than jsdiff's applyPatch: that is all-or-nothing per file, reports no per-hunk
// offset or fuzz, counts fuzz as mismatched lines instead of dropped end context, and keeps no line map.

import { fileLabel } from './diff.js';
import { LineMap, type LineOrigin, type PatchedFile, type RemovedLine } from './linemap.js';
import { placeHunk } from './place.js';
import type { FileDiff, Hunk, PatchLoc, PatchMail, PatchProblem } from './types.js';
import { hunkLabel } from './types.js';

/** The tree as it was before the series: decoded text, or undefined when the file does not exist. */
export type ReadTree = (path: string) => string | undefined;

export type HunkStatus = 'clean' | 'offset' | 'fuzz' | 'failed';

export interface HunkResult {
  /** `seq` of the mail. */
  mail: number;
  path: string;
  hunk: number;
  header: string;
  at: PatchLoc;
  status: HunkStatus;
  offset: number;
  fuzz: number;
  /** 1-based line in the file (as patched so far) where the hunk's first line landed. */
  line?: number;
  /** Why it failed; with fuzz, which ignored context line differed. */
  reason?: string;
}

export interface FileResult {
  mail: number;
  kind: FileDiff['kind'];
  oldPath: string | null;
  newPath: string | null;
  status: 'applied' | 'partial' | 'failed' | 'binary';
  reason?: string;
}

export interface SeriesApply {
  /** Files whose text the series changed or created, by path after the series. */
  files: Map<string, PatchedFile>;
  /** Tree paths that no longer exist after the series (deleted or renamed away). */
  removed: string[];
  hunks: HunkResult[];
  fileResults: FileResult[];
  problems: PatchProblem[];
  lineMap: LineMap;
}

interface ImageLine {
  text: string;
  origin: LineOrigin;
}

interface Image {
  treePath: string | null;
  lines: ImageLine[];
  endsWithNewline: boolean;
}

export interface ApplyOptions {
  /** Apply only mails with seq <= this (for a per-patch review); all when absent. */
  upTo?: number;
}

export function applySeries(mails: readonly PatchMail[], readTree: ReadTree, options: ApplyOptions = {}): SeriesApply {
  const images = new Map<string, Image>();
  const gone = new Set<string>();
  const inTree = new Set<string>();
  const touched = new Set<string>();
  const removedLines = new Map<string, Map<number, RemovedLine>>();
  const result: Omit<SeriesApply, 'files' | 'removed' | 'lineMap'> = { hunks: [], fileResults: [], problems: [] };

  const imageOf = (path: string): Image | undefined => {
    const cached = images.get(path);
    if (cached || gone.has(path)) return cached;
    const text = readTree(path);
    if (text === undefined) return undefined;
    const parts = text.split('\n');
    const endsWithNewline = parts[parts.length - 1] === '';
    if (endsWithNewline) parts.pop();
    inTree.add(path);
    const image: Image = {
      treePath: path,
      lines: parts.map((t, k) => ({ text: t, origin: { kind: 'tree', line: k + 1 } })),
      endsWithNewline,
    };
    images.set(path, image);
    return image;
  };

  for (const mail of mails) {
    if (options.upTo !== undefined && mail.seq > options.upTo) break;
    for (const diff of mail.diffs) applyFile(mail, diff);
  }

  function applyFile(mail: PatchMail, diff: FileDiff): void {
    const label = fileLabel(diff);
    const fileResult: FileResult = {
      mail: mail.seq,
      kind: diff.kind,
      oldPath: diff.oldPath,
      newPath: diff.newPath,
      status: 'applied',
    };
    result.fileResults.push(fileResult);
    const fail = (reason: string) => {
      fileResult.status = 'failed';
      fileResult.reason = reason;
      for (const hunk of diff.hunks) result.hunks.push(failed(mail, label, hunk, reason));
      result.problems.push({ at: diff.at, mail: mail.subject, hunk: label, message: reason });
    };
    const unsafe = [diff.oldPath, diff.newPath].find((p) => p !== null && !isTreePath(p));
    if (unsafe !== undefined) return fail(`refusing path "${unsafe}": not a relative path inside the tree`);
    if (diff.binary) {
      fileResult.status = 'binary';
      fileResult.reason = 'binary diff; not applied';
      result.problems.push({
        at: diff.at,
        mail: mail.subject,
        hunk: label,
        message: 'binary diff; not applied (the rest of the mail is reviewed)',
      });
      return;
    }
    let image: Image;
    if (diff.kind === 'add') {
      if (imageOf(label)) return fail(`${label} already exists in the tree; the patch creates it`);
      image = { treePath: null, lines: [], endsWithNewline: true };
    } else {
      const source = diff.oldPath === null ? undefined : imageOf(diff.oldPath);
      if (!source)
        return fail(
          `${diff.oldPath ?? label}: no such file in the tree${gone.has(diff.oldPath ?? '') ? ' (an earlier patch removed it)' : ''}`,
        );
      if ((diff.kind === 'rename' || diff.kind === 'copy') && diff.newPath !== null && imageOf(diff.newPath)) {
        return fail(`${diff.newPath} already exists in the tree; the patch ${diff.kind}s ${diff.oldPath} onto it`);
      }
      image = diff.kind === 'copy' ? { ...source, lines: [...source.lines] } : source;
    }
    let bias = 0;
    let minPos = 0;
    let failures = 0;
    for (const hunk of diff.hunks) {
      if (hunk.invalid) {
        failures++;
        result.hunks.push(failed(mail, label, hunk, hunk.invalid));
        result.problems.push({
          at: hunk.at,
          mail: mail.subject,
          hunk: hunkLabel(label, hunk.number),
          message: `${hunk.invalid}; not applied`,
        });
        continue;
      }
      const place = placeHunk(
        image.lines.map((l) => l.text),
        image.endsWithNewline,
        hunk,
        bias,
        minPos,
      );
      if (!place.ok) {
        failures++;
        result.hunks.push(failed(mail, label, hunk, place.reason));
        result.problems.push({
          at: hunk.at,
          mail: mail.subject,
          hunk: hunkLabel(label, hunk.number),
          message: place.reason,
        });
        continue;
      }
      const { pos, fuzz, dropLead, dropTrail, offset, fuzzNote } = place.placement;
      const kept = hunk.lines.slice(dropLead, hunk.lines.length - dropTrail);
      const oldCount = kept.filter((l) => l.op !== '+').length;
      const reachesEnd = pos + oldCount === image.lines.length;
      const replacement: ImageLine[] = [];
      let p = pos;
      for (const line of kept) {
        if (line.op === '+') {
          replacement.push({
            text: line.text,
            origin: { kind: 'patch', mail: mail.seq, path: label, hunk: hunk.number, at: line.at },
          });
          continue;
        }
        const existing = image.lines[p++]!;
        if (line.op === ' ') replacement.push(existing);
        else if (existing.origin.kind === 'tree' && image.treePath !== null) {
          const byLine = removedLines.get(image.treePath) ?? new Map<number, RemovedLine>();
          byLine.set(existing.origin.line, { mail: mail.seq, path: label, hunk: hunk.number, at: line.at });
          removedLines.set(image.treePath, byLine);
        }
      }
      image.lines.splice(pos, oldCount, ...replacement);
      if (reachesEnd && dropTrail === 0) image.endsWithNewline = !hunk.newNoNewline;
      bias = offset;
      minPos = pos + replacement.length;
      const applied: HunkResult = {
        mail: mail.seq,
        path: label,
        hunk: hunk.number,
        header: hunk.header,
        at: hunk.at,
        status: fuzz > 0 ? 'fuzz' : offset !== 0 ? 'offset' : 'clean',
        offset,
        fuzz,
        line: pos - dropLead + 1,
      };
      if (fuzzNote !== undefined) applied.reason = fuzzNote;
      result.hunks.push(applied);
    }
    if (failures > 0) {
      fileResult.status = failures === diff.hunks.length ? 'failed' : 'partial';
      fileResult.reason = `${failures} of ${diff.hunks.length} hunks failed`;
    }
    if (diff.kind === 'delete') {
      if (image.lines.length > 0) {
        fileResult.status = 'failed';
        fileResult.reason = `${label} still has ${image.lines.length} lines after the hunks that delete it; kept`;
        result.problems.push({ at: diff.at, mail: mail.subject, hunk: label, message: fileResult.reason });
        return;
      }
      images.delete(label);
      gone.add(label);
      return;
    }
    if (failures === diff.hunks.length && diff.hunks.length > 0 && diff.kind === 'add') return;
    if (diff.kind === 'rename' && diff.oldPath !== null) {
      images.delete(diff.oldPath);
      gone.add(diff.oldPath);
    }
    images.set(label, image);
    gone.delete(label);
    if (failures < diff.hunks.length || diff.kind !== 'modify') touched.add(label);
  }

  const files = new Map<string, PatchedFile>();
  for (const [path, image] of images) {
    if (!touched.has(path)) continue;
    const text =
      image.lines.map((l) => l.text).join('\n') + (image.lines.length > 0 && image.endsWithNewline ? '\n' : '');
    files.set(path, { path, treePath: image.treePath, text, origins: image.lines.map((l) => l.origin) });
  }
  const removed = [...gone].filter((p) => inTree.has(p)).sort();
  return { ...result, files, removed, lineMap: new LineMap(files, removed, removedLines) };
}

/** git apply's rule: relative, no `..` component, no empty component. */
export function isTreePath(path: string): boolean {
  return (
    path !== '' &&
    !path.startsWith('/') &&
    !/^[A-Za-z]:/.test(path) &&
    path.split('/').every((c) => c !== '' && c !== '..' && c !== '.')
  );
}

function failed(mail: PatchMail, path: string, hunk: Hunk, reason: string): HunkResult {
  return {
    mail: mail.seq,
    path,
    hunk: hunk.number,
    header: hunk.header,
    at: hunk.at,
    status: 'failed',
    offset: 0,
    fuzz: 0,
    reason,
  };
}
