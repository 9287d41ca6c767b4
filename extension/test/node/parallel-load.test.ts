// loadTreeParallel against loadTree on the embedded 4.19-shape fixture tree: the same files in the same order,
// the same facts and notes, whatever order the front-end results arrive in; a content seen twice is analysed
// once when there is a cache (as loadTree's cache hit does) and each time when there is none.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseSource, type FrontEndResult } from '../../src/core/syntax/frontend.js';
import type { FileFacts } from '../../src/core/syntax/facts.js';
import { Workspace, type FactsCache, type Snapshot } from '../../src/core/workspace/workspace.js';
import { listTreeFiles, loadTree, loadTreeParallel } from '../../src/surfaces/node/tree.js';
import { cParser } from '../syntax/parse.js';

class MemoryCache implements FactsCache {
  readonly map = new Map<string, FileFacts>();
  get(hash: string): FileFacts | undefined {
    return this.map.get(hash);
  }
  set(hash: string, facts: FileFacts): void {
    this.map.set(hash, facts);
  }
}

const view = (s: Snapshot) => ({
  files: [...s.files.values()].map((f) => [f.path, f.hash, f.facts]),
  buildFiles: [...s.buildFiles],
  notes: s.notes,
});

describe('loadTreeParallel', () => {
  let root: string;
  let files: string[];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'memhp-parallel-'));
    cpSync(join(__dirname, '../../../test-fixtures/linux-4.19-shape'), root, { recursive: true });
    // A second copy of one file's content, and a file that is not valid UTF-8 (a Latin-1 note).
    writeFileSync(join(root, 'mm/hmm_copy.c'), readFileSync(join(root, 'mm/hmm.c')));
    writeFileSync(
      join(root, 'mm/latin1.c'),
      Buffer.from([0x2f, 0x2a, 0xe9, 0x2a, 0x2f, 0x0a, 0x69, 0x6e, 0x74, 0x20, 0x78, 0x3b, 0x0a]),
    );
    files = listTreeFiles(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function both(cache: () => FactsCache | undefined) {
    const parser = await cParser();
    const one = new Workspace(parser, cache(), true);
    loadTree(one, root, files);
    const many = new Workspace(parser, cache(), true);
    const analysed: string[] = [];
    const summary = await loadTreeParallel(many, root, files, {
      cached: cache() !== undefined,
      analyse: (wanted) => {
        analysed.push(...wanted.map((w) => w.path));
        // Computed last file first, as workers may finish in any order.
        const results: FrontEndResult[] = new Array<FrontEndResult>(wanted.length);
        for (let i = wanted.length - 1; i >= 0; i--)
          results[i] = analyseSource(parser, wanted[i]!.path, wanted[i]!.bytes);
        return Promise.resolve(results);
      },
    });
    return { one: one.snapshot(), many: many.snapshot(), analysed, summary };
  }

  it('builds the snapshot loadTree builds, with a cache: a repeated content analysed once', async () => {
    const { one, many, analysed, summary } = await both(() => new MemoryCache());
    expect(view(many)).toEqual(view(one));
    expect(JSON.stringify(view(many))).toBe(JSON.stringify(view(one)));
    expect(analysed).toContain('mm/hmm.c');
    expect(analysed).not.toContain('mm/hmm_copy.c');
    expect(many.files.get('mm/hmm_copy.c')?.facts.path).toBe('mm/hmm_copy.c');
    expect(summary.cached).toBe(1);
    expect(many.notes.map((n) => n.path)).toContain('mm/latin1.c');
  });

  it('builds the snapshot loadTree builds without a cache, analysing every C file', async () => {
    const { one, many, analysed } = await both(() => undefined);
    expect(JSON.stringify(view(many))).toBe(JSON.stringify(view(one)));
    expect(analysed).toContain('mm/hmm_copy.c');
    expect(analysed.length).toBe(files.filter((f) => /\.[ch]$/.test(f)).length);
  });
});
