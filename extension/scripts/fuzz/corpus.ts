// The seed corpus: the project's own fixture mails and patches (test-fixtures/series/, every file but the
// generator script), read in a fixed order; and input N of a run, made from them.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mutateSeed, type FuzzInput } from './mutate.js';
import { rngFor } from './prng.js';

export interface Corpus {
  names: string[];
  /** Seed texts as Latin-1 strings (one char per byte). */
  texts: string[];
}

export function loadCorpus(repoRoot: string): Corpus {
  const dir = join(repoRoot, 'test-fixtures/series');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.endsWith('.py')) files.push(path);
    }
  };
  walk(dir);
  return {
    names: files.map((f) => relative(repoRoot, f)),
    texts: files.map((f) => readFileSync(f).toString('latin1')),
  };
}

export function inputFor(corpus: Corpus, seed: number, index: number): FuzzInput {
  return mutateSeed(corpus.names, corpus.texts, rngFor(seed, index));
}
