// The mutable index host: file facts by path, updated one file at a time; snapshots are immutable views.
// Hosts feed it bytes (from disk, an editor buffer or a patched copy); it never reads files itself.

import type { Parser } from 'web-tree-sitter';
import { analyseSource } from '../syntax/frontend.js';
import type { FileFacts } from '../syntax/facts.js';
import { contentHash } from './hash.js';
import { decodeSource } from '../syntax/decode.js';

/** Bumped whenever extraction changes, so cached facts from an older front end are not reused. */
export const FACTS_VERSION = 6;

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

export interface Snapshot {
  readonly files: ReadonlyMap<string, IndexedFile>;
  readonly notes: readonly IndexNote[];
  /** Text of files the host handed over, for on-demand body extraction; absent if not kept. */
  text(path: string): string | undefined;
}

export interface ChangeResult {
  path: string;
  status: 'indexed' | 'cached' | 'unchanged' | 'skipped' | 'removed';
}

export class Workspace {
  private readonly files = new Map<string, IndexedFile>();
  private readonly notes = new Map<string, IndexNote[]>();
  private readonly texts = new Map<string, Uint8Array>();

  constructor(
    private readonly parser: Parser,
    private readonly cache?: FactsCache,
    private readonly keepText = false,
  ) {}

  /** Adds or replaces one file; only that file is re-extracted. */
  applyChange(path: string, bytes: Uint8Array): ChangeResult {
    const hash = contentHash(bytes);
    const old = this.files.get(path);
    if (old && old.hash === hash) return { path, status: 'unchanged' };
    this.notes.delete(path);
    const cached = this.cache?.get(hash);
    if (cached) {
      this.files.set(path, { path, hash, facts: cached.path === path ? cached : { ...cached, path } });
      if (this.keepText) this.texts.set(path, bytes);
      return { path, status: 'cached' };
    }
    const result = analyseSource(this.parser, path, bytes);
    if (!result.ok) {
      this.files.delete(path);
      this.addNote({ path, message: `skipped: ${result.reason}` });
      return { path, status: 'skipped' };
    }
    if (result.note) this.addNote({ path, message: result.note });
    this.files.set(path, { path, hash, facts: result.facts });
    this.cache?.set(hash, result.facts);
    if (this.keepText) this.texts.set(path, bytes);
    return { path, status: 'indexed' };
  }

  remove(path: string): ChangeResult {
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
    const files = new Map(this.files);
    const notes = [...this.notes.values()].flat();
    const texts = new Map(this.texts);
    return {
      files,
      notes,
      text: (p) => {
        const bytes = texts.get(p);
        const decoded = bytes ? decodeSource(bytes) : undefined;
        return decoded?.ok ? decoded.text : undefined;
      },
    };
  }
}
