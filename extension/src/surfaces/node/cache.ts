// On-disk facts cache for Node hosts: one v8-serialised file per content hash, read only when a file with
// that content is asked for, so a warm start holds the facts of its own tree and nothing else.
// Reads and writes only its own folder.

import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileFacts } from '../../core/syntax/facts.js';
import { FACTS_VERSION, type FactsCache } from '../../core/workspace/workspace.js';

const MAX_ENTRIES = 200_000;
/** Cache files written at once by saveAsync. */
const SAVE_BATCH = 32;

export function defaultCacheDir(): string {
  if (process.env.MEMHP_CACHE_DIR) return process.env.MEMHP_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'memhp-review');
}

export class DiskFactsCache implements FactsCache {
  private readonly loaded = new Map<string, FileFacts>();
  private readonly pending = new Map<string, FileFacts>();
  /** v8.serialize output of facts a worker already serialised, by hash: written as they are. */
  private readonly serialized = new Map<string, Uint8Array>();
  private readonly folder: string;
  private trimmed = false;

  constructor(dir: string = defaultCacheDir()) {
    this.folder = join(dir, `facts-v${FACTS_VERSION}`);
  }

  get(hash: string): FileFacts | undefined {
    const known = this.loaded.get(hash);
    if (known) return known;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.entryFile(hash));
    } catch {
      return undefined;
    }
    try {
      const facts = deserialize(bytes) as FileFacts;
      if (typeof facts !== 'object' || facts === null || typeof facts.path !== 'string') return undefined;
      this.loaded.set(hash, facts);
      return facts;
    } catch {
      // A damaged entry is analysed again and rewritten.
      return undefined;
    }
  }

  set(hash: string, facts: FileFacts): void {
    this.loaded.set(hash, facts);
    this.pending.set(hash, facts);
  }

  /** The serialised form of facts about to be set for `hash`, so save() need not serialise them again. */
  offer(hash: string, bytes: Uint8Array): void {
    this.serialized.set(hash, bytes);
  }

  /** Writes the entries set since the last save; the first save trims the folder to MAX_ENTRIES (unused, oldest first). */
  save(): void {
    if (this.pending.size === 0) return;
    const made = new Set<string>();
    for (const [hash, facts] of this.pending) {
      const file = this.entryFile(hash);
      const dir = file.slice(0, file.lastIndexOf('/'));
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, this.serialized.get(hash) ?? serialize(facts));
      renameSync(tmp, file);
    }
    this.pending.clear();
    this.serialized.clear();
    if (!this.trimmed) this.trim();
    this.trimmed = true;
  }

  /**
   * save() for a host whose thread must stay free (the editor): the files are written by the event loop's I/O
   * threads, a few at a time, and this thread only serialises facts no worker serialised.
   */
  async saveAsync(): Promise<void> {
    if (this.pending.size === 0) return;
    const entries = [...this.pending];
    this.pending.clear();
    const serialized = new Map(this.serialized);
    this.serialized.clear();
    const made = new Map<string, Promise<unknown>>();
    const write = async ([hash, facts]: [string, FileFacts]) => {
      const file = this.entryFile(hash);
      const dir = file.slice(0, file.lastIndexOf('/'));
      if (!made.has(dir)) made.set(dir, mkdir(dir, { recursive: true }));
      await made.get(dir);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, serialized.get(hash) ?? serialize(facts));
      await rename(tmp, file);
    };
    for (let i = 0; i < entries.length; i += SAVE_BATCH) await Promise.all(entries.slice(i, i + SAVE_BATCH).map(write));
    if (!this.trimmed) this.trim();
    this.trimmed = true;
  }

  private entryFile(hash: string): string {
    return join(this.folder, hash.slice(0, 2), `${hash}.bin`);
  }

  private trim(): void {
    const entries: string[] = [];
    for (const sub of readdirSync(this.folder))
      for (const name of readdirSync(join(this.folder, sub)))
        if (name.endsWith('.bin')) entries.push(join(this.folder, sub, name));
    if (entries.length <= MAX_ENTRIES) return;
    const unused = entries
      .filter((f) => !this.loaded.has(f.slice(f.lastIndexOf('/') + 1, -'.bin'.length)))
      .map((f) => ({ f, mtime: statSync(f).mtimeMs }))
      .sort((a, b) => a.mtime - b.mtime);
    for (const { f } of unused.slice(0, entries.length - MAX_ENTRIES)) unlinkSync(f);
  }
}
