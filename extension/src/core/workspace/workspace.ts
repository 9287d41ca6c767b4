// The mutable index host: file facts by path, updated one file at a time; snapshots are immutable views,
// and a snapshot can be overlaid with changed files (a patch series) without touching the host.
// Hosts feed it bytes (from disk, an editor buffer or a patched copy); it never reads files itself.

import type { Parser } from 'web-tree-sitter';
import { analyseSource, type FrontEndResult } from '../syntax/frontend.js';
import type { FileFacts } from '../syntax/facts.js';
import { contentHash } from './hash.js';
import { decodeSource } from '../syntax/decode.js';
import { KBUILD_FILE_NAMES } from '../kernel/kbuild.js';

/** Bumped whenever extraction changes, so cached facts from an older front end are not reused. */
export const FACTS_VERSION = 9;

export interface FactsCache {
  get(hash: string): FileFacts | undefined;
  set(hash: string, facts: FileFacts): void;
}

export interface IndexNote {
  path: string;
  line?: number;
  message: string;
}

export interface IndexedFile {
  path: string;
  hash: string;
  facts: FileFacts;
}

/** Files replaced by new text, or removed (null), by tree-relative path. */
export type FileChanges = ReadonlyMap<string, string | null>;

export interface Snapshot {
  readonly files: ReadonlyMap<string, IndexedFile>;
  /** Kbuild files (Makefile, Kbuild) by path, as text: read to tell which C files the config builds. */
  readonly buildFiles: ReadonlyMap<string, string>;
  readonly notes: readonly IndexNote[];
  /** The parser the facts came from; the analysis reparses function bodies with it on demand. */
  readonly parser: Parser;
  /** Text of files the host handed over, for on-demand body extraction; absent if not kept. */
  text(path: string): string | undefined;
  /** This snapshot with `changes` laid over it (changed files re-indexed); this one stays as it is. */
  with(changes: FileChanges): Snapshot;
}

export interface ChangeResult {
  path: string;
  status: 'indexed' | 'cached' | 'unchanged' | 'skipped' | 'removed';
}

/** Makefile and Kbuild files are kept as text beside the C facts, never parsed as C. */
export function isBuildFile(path: string): boolean {
  return KBUILD_FILE_NAMES.includes(path.slice(path.lastIndexOf('/') + 1));
}

type Indexed = { file: IndexedFile; status: 'indexed' | 'cached'; note?: string } | { skipped: string };

/** Facts of one file's bytes, from the cache when its content was seen before, else from `analyse`. */
function indexBytes(analyse: () => FrontEndResult, cache: FactsCache | undefined, path: string, hash: string): Indexed {
  const cached = cache?.get(hash);
  if (cached)
    return { file: { path, hash, facts: cached.path === path ? cached : { ...cached, path } }, status: 'cached' };
  const result = analyse();
  if (!result.ok) return { skipped: result.reason };
  cache?.set(hash, result.facts);
  const out: Indexed = { file: { path, hash, facts: result.facts }, status: 'indexed' };
  if (result.note) out.note = result.note;
  return out;
}

/** Reads a file's bytes again when the analysis needs its text (a host that keeps them on disk, not in memory). */
export type TextSource = (path: string) => Uint8Array | undefined;

export class Workspace {
  private readonly files = new Map<string, IndexedFile>();
  private readonly notes = new Map<string, IndexNote[]>();
  private readonly texts = new Map<string, Uint8Array>();
  private readonly buildFiles = new Map<string, string>();

  constructor(
    private readonly parser: Parser,
    private readonly cache?: FactsCache,
    /** Keep each file's bytes for body extraction (true), or read them again from this source when needed. */
    private readonly keepText: boolean | TextSource = false,
  ) {}

  /** Adds or replaces one file; only that file is re-extracted. */
  applyChange(path: string, bytes: Uint8Array): ChangeResult {
    if (isBuildFile(path)) return this.applyBuildFile(path, bytes);
    return this.applyFacts(path, bytes, contentHash(bytes), () => analyseSource(this.parser, path, bytes));
  }

  /**
   * The same as applyChange for a C file whose front-end result the host already has (computed in a worker
   * from these bytes, whose hash is `hash`); the cache still wins when it holds the content.
   */
  applyAnalysed(path: string, bytes: Uint8Array, hash: string, result: FrontEndResult): ChangeResult {
    return this.applyFacts(path, bytes, hash, () => result);
  }

  /** Whether the facts cache holds this content (a host that analyses files elsewhere skips those). */
  hasCached(hash: string): boolean {
    return this.cache?.get(hash) !== undefined;
  }

  private applyFacts(path: string, bytes: Uint8Array, hash: string, analyse: () => FrontEndResult): ChangeResult {
    const old = this.files.get(path);
    if (old && old.hash === hash) return { path, status: 'unchanged' };
    this.notes.delete(path);
    const indexed = indexBytes(analyse, this.cache, path, hash);
    if ('skipped' in indexed) {
      this.files.delete(path);
      this.addNote({ path, message: `skipped: ${indexed.skipped}` });
      return { path, status: 'skipped' };
    }
    if (indexed.note) this.addNote({ path, message: indexed.note });
    this.files.set(path, indexed.file);
    if (this.keepText === true) this.texts.set(path, bytes);
    return { path, status: indexed.status };
  }

  private applyBuildFile(path: string, bytes: Uint8Array): ChangeResult {
    this.notes.delete(path);
    const decoded = decodeSource(bytes);
    if (!decoded.ok) {
      this.buildFiles.delete(path);
      this.addNote({ path, message: `skipped: ${decoded.reason}` });
      return { path, status: 'skipped' };
    }
    if (this.buildFiles.get(path) === decoded.text) return { path, status: 'unchanged' };
    this.buildFiles.set(path, decoded.text);
    return { path, status: 'indexed' };
  }

  remove(path: string): ChangeResult {
    this.buildFiles.delete(path);
    this.files.delete(path);
    this.notes.delete(path);
    this.texts.delete(path);
    return { path, status: 'removed' };
  }

  /** A note about a file the host could not hand over (unreadable, too large). */
  addNote(note: IndexNote): void {
    const list = this.notes.get(note.path) ?? [];
    list.push(note);
    this.notes.set(note.path, list);
  }

  snapshot(): Snapshot {
    const texts = new Map(this.texts);
    const files = new Map(this.files);
    const source = typeof this.keepText === 'function' ? this.keepText : undefined;
    // Bytes read again count only while they are the bytes the facts came from.
    const reread = (p: string) => {
      const indexed = files.get(p);
      const bytes = indexed && source?.(p);
      return bytes && contentHash(bytes) === indexed.hash ? bytes : undefined;
    };
    const text = (p: string) => {
      const bytes = texts.get(p) ?? reread(p);
      const decoded = bytes ? decodeSource(bytes) : undefined;
      return decoded?.ok ? decoded.text : undefined;
    };
    return frozenSnapshot(
      this.parser,
      this.cache,
      files,
      new Map(this.buildFiles),
      [...this.notes.values()].flat(),
      text,
    );
  }
}

function frozenSnapshot(
  parser: Parser,
  cache: FactsCache | undefined,
  files: ReadonlyMap<string, IndexedFile>,
  buildFiles: ReadonlyMap<string, string>,
  notes: readonly IndexNote[],
  text: (path: string) => string | undefined,
): Snapshot {
  const snapshot: Snapshot = {
    files,
    buildFiles,
    notes,
    parser,
    text,
    with: (changes) => overlay(snapshot, changes, cache),
  };
  return snapshot;
}

function overlay(base: Snapshot, changes: FileChanges, cache: FactsCache | undefined): Snapshot {
  const files = new Map(base.files);
  const buildFiles = new Map(base.buildFiles);
  const notes = base.notes.filter((n) => !changes.has(n.path));
  const encoder = new TextEncoder();
  for (const [path, text] of changes) {
    if (isBuildFile(path)) {
      if (text === null) buildFiles.delete(path);
      else buildFiles.set(path, text);
      continue;
    }
    if (text === null) {
      files.delete(path);
      continue;
    }
    const bytes = encoder.encode(text);
    const indexed = indexBytes(() => analyseSource(base.parser, path, bytes), cache, path, contentHash(bytes));
    if ('skipped' in indexed) {
      files.delete(path);
      notes.push({ path, message: `skipped: ${indexed.skipped}` });
      continue;
    }
    if (indexed.note) notes.push({ path, message: indexed.note });
    // A replaced file keeps its place in the map, as Workspace.applyChange does: graph order is file order.
    files.set(path, indexed.file);
  }
  const text = (p: string) => {
    const changed = changes.get(p);
    return changed === undefined ? base.text(p) : (changed ?? undefined);
  };
  return frozenSnapshot(base.parser, cache, files, buildFiles, notes, text);
}
