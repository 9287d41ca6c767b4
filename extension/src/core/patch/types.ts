// Plain data of a patch series: the files handed in, the mails read from them, their diffs and hunks,
// and the one-line problems met on the way. No parsing or applying happens here.

/** A patch file as the host hands it over: its bytes, or only its size when the host refused to read it. */
export type PatchSource = { name: string; bytes: Uint8Array } | { name: string; size: number };

/** A place in a patch file: 1-based line of the file as handed in (CRLF counted as one line end). */
export interface PatchLoc {
  file: string;
  line: number;
  /**
   * True when the body was transfer-encoded (quoted-printable, base64): `line` then counts lines of the
   * decoded part, starting at the part's first line, because no line of the file holds the text.
   */
  decoded?: boolean;
}

export type HunkLineOp = ' ' | '+' | '-';

export interface HunkLine {
  op: HunkLineOp;
  text: string;
  at: PatchLoc;
}

export interface Hunk {
  /** 1-based within its file's diff, as git apply and patch number hunks. */
  number: number;
  /** The `@@ ... @@` line as written. */
  header: string;
  /** Text after the closing `@@` (usually the enclosing function). */
  section: string;
  at: PatchLoc;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: HunkLine[];
  /** The old side ends without a newline (`\ No newline at end of file` after a `-` or ` ` line). */
  oldNoNewline: boolean;
  newNoNewline: boolean;
  /** Why this hunk cannot be applied as written (wrong line counts, truncated); it is then reported, not applied. */
  invalid?: string;
}

export type FileChangeKind = 'modify' | 'add' | 'delete' | 'rename' | 'copy';

export interface FileDiff {
  /** Tree path before (without the a/ prefix); null for a new file. */
  oldPath: string | null;
  /** Tree path after; null when the file is deleted. */
  newPath: string | null;
  kind: FileChangeKind;
  similarity?: number;
  /** A binary diff (`GIT binary patch`, `Binary files ... differ`): never applied. */
  binary: boolean;
  /** The `diff --git` (or `---`) line that opens this file's diff, as written. */
  header: string;
  at: PatchLoc;
  hunks: Hunk[];
}

export interface SubjectInfo {
  /** The subject with its leading `[...]` tags and `Re:` removed. */
  title: string;
  /** Words of the leading bracket groups other than PATCH, vN and m/n: `RFC`, `net-next`, `RESEND`. */
  tags: string[];
  version: number;
  /** m of m/n; 1 when the subject carries no numbering. */
  index: number;
  total: number;
  isCover: boolean;
  isReply: boolean;
}

export interface PatchMail extends SubjectInfo {
  /** Position in the series as reviewed, 0-based; set when the series is ordered. */
  seq: number;
  /** File the mail came from and the line where the mail starts in it. */
  at: PatchLoc;
  subject: string;
  messageId?: string;
  inReplyTo?: string;
  /** Message-IDs from the References header, in order, angle brackets kept. */
  references: string[];
  /** The From header as written (decoded), and its display name or address for an attribution line. */
  from?: string;
  author?: string;
  /** The Date header exactly as written. */
  date?: string;
  /** The commit message: body text before the `---` that opens the diffstat or the diff. */
  message: string;
  diffs: FileDiff[];
}

/** One bad thing in the input, reported on one line; the rest of the series is still reviewed. */
export interface PatchProblem {
  at: PatchLoc;
  /** Subject of the mail the problem is in, when there is one. */
  mail?: string;
  /** `mm/memory_hotplug.c hunk #2`, when the problem is about one hunk or file. */
  hunk?: string;
  message: string;
}

export function hunkLabel(path: string, hunk: number): string {
  return `${path} hunk #${hunk}`;
}

/** `0002-x.patch:57: [PATCH 2/5] mm: x: mm/memory_hotplug.c hunk #2: reason` (not yet escaped for a terminal). */
export function problemLine(p: PatchProblem): string {
  const where = `${p.at.file}${p.at.decoded ? ` (decoded body line ${p.at.line})` : `:${p.at.line}`}`;
  return [where, p.mail, p.hunk, p.message].filter((s) => s !== undefined && s !== '').join(': ');
}
