// The disk facts cache written without blocking (saveAsync) holds what save() would: a new cache over the
// same folder reads every entry back, serialised by this thread or offered as a worker's bytes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskFactsCache } from '../../src/surfaces/node/cache.js';
import type { FileFacts } from '../../src/core/syntax/facts.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const facts = (path: string) => ({ path, functions: [], calls: [] }) as unknown as FileFacts;

describe('DiskFactsCache.saveAsync', () => {
  it('writes every entry set since the last save, in shared and separate folders', async () => {
    dir = mkdtempSync(join(tmpdir(), 'memhp-cache-'));
    const cache = new DiskFactsCache(dir);
    const hashes = Array.from({ length: 70 }, (_, i) => `${(i % 3).toString(16).padStart(2, '0')}hash${i}`);
    hashes.forEach((h, i) => cache.set(h, facts(`f${i}.c`)));
    cache.offer(hashes[0]!, serialize(facts('offered.c')));
    await cache.saveAsync();
    const again = new DiskFactsCache(dir);
    expect(hashes.map((h) => again.get(h)?.path)).toEqual([
      'offered.c',
      ...hashes.slice(1).map((_, i) => `f${i + 1}.c`),
    ]);
    await cache.saveAsync();
  });
});
