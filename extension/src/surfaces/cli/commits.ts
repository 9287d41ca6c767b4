// `check --commits A..B`: the series from git and the tree at the range's base, for the review command.

import { resolve } from 'node:path';
import type { ReviewInput } from '../../core/patch/review.js';
import { readCommitRange, filesAtBase, type CommitRange } from '../node/commit-range.js';
import { baseAtCommit } from '../node/commit-base.js';
import { GitError } from '../node/git.js';
import { scopeMatcher } from '../node/tree.js';
import { treeReader, warn } from './commands.js';
import { UsageError, type OpenedTree } from './session.js';

/** Reads the range before the tree is opened, so a bad repository or range fails fast. */
export async function readRange(tree: string | undefined, spec: string): Promise<CommitRange> {
  if (!tree) throw new UsageError('--commits needs --tree DIR, the git repository the commits are in');
  try {
    return await readCommitRange(resolve(tree), spec);
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(`--commits ${err.message}`);
    throw err;
  }
}

/** The review's patches and base: the range's format-patch output over the tree as it is at the base commit. */
export async function rangeInput(
  opened: OpenedTree,
  range: CommitRange,
): Promise<Pick<ReviewInput, 'base' | 'patches' | 'readTree'>> {
  for (const note of range.notes) warn(`note: ${note}`);
  const atBase = await filesAtBase(opened.root, range).catch((err: unknown) => {
    throw err instanceof GitError ? new UsageError(`--commits ${err.message}`) : err;
  });
  const base = baseAtCommit(opened.snapshot, atBase, scopeMatcher(), treeReader(opened.root));
  return { base: base.snapshot, readTree: base.readTree, patches: [{ name: range.spec, bytes: range.patch }] };
}
