// Parses the diff part of one mail into files and hunks, keeping the patch-file line of every hunk line,
// and never giving up: a bad hunk is marked invalid with a reason and parsing goes on with the next one.
// Hand-written rather than jsdiff's parsePatch: that throws at the first bad hunk (losing the rest of
// the file), keeps no line positions and ignores git's extended headers (renames, binary, new/deleted).

import { isSignature, opensFileDiff, parseHunkBody } from './hunk.js';
import type { FileDiff, PatchLoc, PatchProblem } from './types.js';
import { hunkLabel } from './types.js';

export interface DiffInput {
  lines: readonly string[];
  /** Where line `index` of `lines` is in the patch file. */
  locate: (index: number) => PatchLoc;
  /** Subject of the mail, for problem lines. */
  mail?: string;
}

export interface ParsedDiff {
  files: FileDiff[];
  problems: PatchProblem[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;
const EXTENDED =
  /^(old mode|new mode|deleted file mode|new file mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|index) ?(.*)$/;

export function parseDiff(input: DiffInput): ParsedDiff {
  const { lines, locate, mail } = input;
  const files: FileDiff[] = [];
  const problems: PatchProblem[] = [];
  const problem = (i: number, message: string, hunk?: string) => {
    const p: PatchProblem = { at: locate(i), message };
    if (mail !== undefined) p.mail = mail;
    if (hunk !== undefined) p.hunk = hunk;
    problems.push(p);
  };
  let current: FileDiff | undefined;
  let garbageAt = -1;
  const flushGarbage = () => {
    if (garbageAt >= 0)
      problem(
        garbageAt,
        `text that is not part of any hunk: "${clip(lines[garbageAt]!)}"`,
        current ? fileLabel(current) : undefined,
      );
    garbageAt = -1;
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      flushGarbage();
      current = {
        ...gitHeaderNames(line.slice(11)),
        kind: 'modify',
        binary: false,
        header: line,
        at: locate(i),
        hunks: [],
      };
      files.push(current);
      i = readExtendedHeaders(lines, i + 1, current);
      continue;
    }
    if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      flushGarbage();
      current = { oldPath: null, newPath: null, kind: 'modify', binary: false, header: line, at: locate(i), hunks: [] };
      files.push(current);
      setPlainNames(current, line.slice(4), lines[i + 1]!.slice(4), false);
      i += 2;
      continue;
    }
    if (line.startsWith('@@')) {
      flushGarbage();
      const m = HUNK_HEADER.exec(line);
      if (!current) {
        problem(i, 'hunk with no file header before it; skipped');
        i = skipHunkLike(lines, i + 1);
        continue;
      }
      const number = current.hunks.length + 1;
      if (!m) {
        problem(i, `malformed hunk header "${clip(line)}"; hunk skipped`, hunkLabel(fileLabel(current), number));
        i = skipHunkLike(lines, i + 1);
        continue;
      }
      const parsed = parseHunkBody(lines, i, m, number, locate);
      current.hunks.push(parsed.hunk);
      i = parsed.next;
      continue;
    }
    if (isSignature(line)) break;
    if (line === '' || line.startsWith('Index: ') || /^=+$/.test(line)) {
      i++;
      continue;
    }
    if (garbageAt < 0) garbageAt = i;
    i++;
  }
  // Text after the last hunk (list footers, trailing notes) is not reported: only text between hunks is.
  return { files, problems };
}

/** Reads the lines after `diff --git` up to the first hunk: renames, modes, binary markers, ---/+++. */
function readExtendedHeaders(lines: readonly string[], from: number, file: FileDiff): number {
  let i = from;
  while (i < lines.length) {
    const line = lines[i]!;
    const ext = EXTENDED.exec(line);
    if (ext) {
      const value = ext[2]!;
      switch (ext[1]) {
        case 'new file mode':
          file.kind = 'add';
          file.oldPath = null;
          break;
        case 'deleted file mode':
          file.kind = 'delete';
          file.newPath = null;
          break;
        case 'rename from':
          file.kind = 'rename';
          file.oldPath = unquote(value);
          break;
        case 'rename to':
          file.kind = 'rename';
          file.newPath = unquote(value);
          break;
        case 'copy from':
          file.kind = 'copy';
          file.oldPath = unquote(value);
          break;
        case 'copy to':
          file.kind = 'copy';
          file.newPath = unquote(value);
          break;
        case 'similarity index':
          file.similarity = Number.parseInt(value, 10);
          break;
        default:
          // Mode lines, index lines and dissimilarity carry nothing the review uses.
          break;
      }
      i++;
      continue;
    }
    if (line.startsWith('Binary files ') && line.endsWith(' differ')) {
      file.binary = true;
      return i + 1;
    }
    if (line === 'GIT binary patch') {
      file.binary = true;
      i++;
      while (i < lines.length && !lines[i]!.startsWith('diff --git ') && !isSignature(lines[i]!)) i++;
      return i;
    }
    if (line.startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ')) {
      setPlainNames(file, line.slice(4), lines[i + 1]!.slice(4), true);
      return i + 2;
    }
    return i;
  }
  return i;
}

/** Names from `a/x b/y` (or quoted forms); used when no ---/+++ or rename lines follow. */
function gitHeaderNames(rest: string): { oldPath: string | null; newPath: string | null } {
  let a: string | undefined;
  let b: string | undefined;
  if (rest.startsWith('"')) {
    const end = quotedEnd(rest, 0);
    a = unquote(rest.slice(0, end));
    b = unquote(rest.slice(end).trim());
  } else {
    const half = (rest.length - 1) / 2;
    if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(2, half) === rest.slice(half + 3)) {
      a = rest.slice(0, half);
      b = rest.slice(half + 1);
    } else {
      const split = rest.indexOf(' b/');
      a = split >= 0 ? rest.slice(0, split) : rest;
      b = split >= 0 ? rest.slice(split + 1) : rest;
      if (b.startsWith('"')) b = unquote(b);
    }
  }
  return { oldPath: stripGitPrefix(a, 'a/'), newPath: stripGitPrefix(b, 'b/') };
}

function setPlainNames(file: FileDiff, oldField: string, newField: string, git: boolean): void {
  const oldName = headerName(oldField);
  const newName = headerName(newField);
  const strip = (name: string, prefix: string) => (git ? stripGitPrefix(name, prefix) : stripFirstComponent(name));
  if (oldName === '/dev/null') {
    file.kind = 'add';
    file.oldPath = null;
  } else if (file.kind !== 'rename' && file.kind !== 'copy') file.oldPath = strip(oldName, 'a/');
  if (newName === '/dev/null') {
    file.kind = 'delete';
    file.newPath = null;
  } else if (file.kind !== 'rename' && file.kind !== 'copy') file.newPath = strip(newName, 'b/');
}

/** `a/mm/x.c\t2018-10-15 ...` -> `a/mm/x.c`; quoted names are unquoted. */
function headerName(field: string): string {
  if (field.startsWith('"')) return unquote(field.slice(0, quotedEnd(field, 0)));
  return field
    .replace(/\t.*$/, '')
    .replace(/\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d.*$/, '')
    .trimEnd();
}

function stripGitPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** patch -p1 for plain diffs (`linux.orig/mm/x.c` -> `mm/x.c`). */
function stripFirstComponent(name: string): string {
  const slash = name.indexOf('/');
  return slash >= 0 ? name.slice(slash + 1) : name;
}

function quotedEnd(text: string, start: number): number {
  let k = start + 1;
  while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
  return Math.min(k + 1, text.length);
}

/** git's C-style quoting: `"a/tab\there"`, octal bytes for non-ASCII. */
export function unquote(name: string): string {
  if (!name.startsWith('"')) return name;
  const bytes: number[] = [];
  const body = name.slice(1, name.endsWith('"') ? -1 : undefined);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let k = 0; k < body.length; k++) {
    const ch = body[k]!;
    if (ch !== '\\') {
      bytes.push(...new TextEncoder().encode(ch));
      continue;
    }
    const next = body[k + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(body.slice(k + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      k += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      k += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function skipHunkLike(lines: readonly string[], from: number): number {
  let i = from;
  while (i < lines.length && /^[ +\-\\]/.test(lines[i]!) && !opensFileDiff(lines, i) && !isSignature(lines[i]!)) i++;
  return i;
}

export function fileLabel(file: FileDiff): string {
  return file.newPath ?? file.oldPath ?? '(unnamed file)';
}

export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
