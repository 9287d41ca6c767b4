// On-disk facts cache for Node hosts: one v8-serialised map from content hash to file facts, so a second
// run over the same tree starts warm. Reads and writes only its own folder.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileFacts } from '../../core/syntax/facts.js';
import { FACTS_VERSION, type FactsCache } from '../../core/workspace/workspace.js';

const MAX_ENTRIES = 200_000;

export function defaultCacheDir(): string {
  if (process.env.MEMHP_CACHE_DIR) return process.env.MEMHP_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'memhp-review');
}

export class DiskFactsCache implements FactsCache {
  private readonly entries: Map<string, FileFacts>;
  private readonly used = new Set<string>();
  private dirty = false;
  private readonly file: string;

  constructor(private readonly dir: string = defaultCacheDir()) {
    this.file = join(dir, `facts-v${FACTS_VERSION}.bin`);
    this.entries = new Map();
    if (existsSync(this.file)) {
      try {
        const loaded = deserialize(readFileSync(this.file)) as Map<string, FileFacts>;
        if (loaded instanceof Map) this.entries = loaded;
      } catch {
        // A damaged cache is rebuilt.
      }
    }
  }

  get(hash: string): FileFacts | undefined {
    const f = this.entries.get(hash);
    if (f) this.used.add(hash);
    return f;
  }

  set(hash: string, facts: FileFacts): void {
    this.entries.set(hash, facts);
    this.used.add(hash);
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    if (this.entries.size > MAX_ENTRIES) {
      for (const key of this.entries.keys()) {
        if (this.entries.size <= MAX_ENTRIES) break;
        if (!this.used.has(key)) this.entries.delete(key);
      }
    }
    mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, serialize(this.entries));
    renameSync(tmp, this.file);
    this.dirty = false;
  }
}
