// `--commits A..B`: the commits of a range in a local git repository as a patch series, read with git
// itself (`git format-patch --stdout`), and the files they touch as they are in the commit they apply to.
// Read-only: nothing here checks anything out or writes the index.

import { realpathSync } from 'node:fs';
import { GitError, gitOutput, runGit, firstLine } from './git.js';
import { readFilesAt } from './git-blobs.js';

export interface CommitRange {
  /** The range as given, which names the series in the output (`origin/master..HEAD`). */
  spec: string;
  /** Full ids of A, B and the commit the series applies to (A, or the merge base when A is not an ancestor of B). */
  from: string;
  to: string;
  base: string;
  /** Commits in the range, merges included, and merges (format-patch leaves them out). */
  commits: number;
  merges: number;
  /** `git format-patch --stdout A..B`. */
  patch: Uint8Array;
  /** Every path a commit of the range touches, and every path that differs between the base and B. */
  touched: string[];
  /** One-line notes for the user (merges left out, a base that is not A). */
  notes: string[];
}

export interface RangeSides {
  from: string;
  to: string;
}

/** `A..B` into its sides; an empty side is HEAD, as git reads it. Other shapes are refused with a reason. */
export function parseRange(spec: string): RangeSides | string {
  if (spec.includes('...'))
    return `${spec}: A...B (the symmetric difference) is not a series; give A..B, the commits in B that are not in A`;
  const parts = spec.split('..');
  if (parts.length !== 2) return `${spec}: expected a range A..B (for example origin/master..HEAD or v6.1..my-series)`;
  const [from, to] = parts.map((p) => p.trim() || 'HEAD') as [string, string];
  for (const side of [from, to]) {
    if (side.startsWith('-') || /[\s\0]/.test(side)) return `${spec}: '${side}' is not a revision`;
  }
  return { from, to };
}

/** Checks that `root` is the top level of a git work tree; the error names what it is instead. */
export async function checkRepository(root: string): Promise<void> {
  const run = await runGit(root, ['rev-parse', '--show-toplevel']);
  if (run.code !== 0) throw new GitError(`${root}: not a git repository (git: ${firstLine(run.stderr)})`);
  const top = run.stdout.toString('utf8').trim();
  if (top === '') throw new GitError(`${root}: a bare git repository has no tree to review against`);
  if (realpathSync(top) !== realpathSync(root))
    throw new GitError(`${root}: inside the git repository ${top}; give the repository's top level`);
}

async function resolveCommit(root: string, spec: string, rev: string): Promise<string> {
  const run = await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  if (run.code !== 0) throw new GitError(`${spec}: '${rev}' is not a commit in this repository`);
  return run.stdout.toString('utf8').trim();
}

const count = async (root: string, args: string[]) =>
  Number((await gitOutput(root, ['rev-list', '--count', ...args], 'cannot list the commits')).toString().trim());

const names = (out: Buffer) =>
  out
    .toString('utf8')
    .split('\0')
    .map((s) => s.replace(/^\n+/, ''))
    .filter((s) => s !== '');

/** Reads the range's series and the paths it touches; throws GitError with a one-line reason when it cannot. */
export async function readCommitRange(root: string, spec: string): Promise<CommitRange> {
  const sides = parseRange(spec);
  if (typeof sides === 'string') throw new GitError(sides);
  await checkRepository(root);
  const from = await resolveCommit(root, spec, sides.from);
  const to = await resolveCommit(root, spec, sides.to);
  const range = `${from}..${to}`;
  const commits = await count(root, [range]);
  if (commits === 0)
    throw new GitError(`${spec}: no commits in the range (every commit in ${sides.to} is also in ${sides.from})`);
  const merges = await count(root, ['--merges', range]);
  if (merges === commits)
    throw new GitError(`${spec}: only merge commits in the range, and git format-patch leaves merges out`);
  const mergeBase = await runGit(root, ['merge-base', from, to]);
  if (mergeBase.code !== 0) throw new GitError(`${spec}: ${sides.from} and ${sides.to} have no common history`);
  const base = mergeBase.stdout.toString('utf8').trim();
  const notes: string[] = [];
  if (merges > 0)
    notes.push(
      `${spec}: ${merges} merge commit${merges > 1 ? 's' : ''} left out (git format-patch does not export merges)`,
    );
  if (base !== from)
    notes.push(
      `${spec}: ${sides.from} is not an ancestor of ${sides.to}; the commits are applied to their merge base ${base.slice(0, 12)}`,
    );
  const patch = await gitOutput(
    root,
    ['format-patch', '--stdout', '--no-cover-letter', '--no-attach', '--no-ext-diff', '--no-textconv', range],
    `${spec}: git format-patch failed`,
  );
  const logged = await gitOutput(
    root,
    ['log', '-z', '--format=', '--name-only', '--no-renames', range],
    'cannot list the files',
  );
  const diffed = await gitOutput(
    root,
    ['diff', '-z', '--name-only', '--no-renames', base, to],
    'cannot list the files',
  );
  const touched = [...new Set([...names(logged), ...names(diffed)])].sort();
  return { spec, from, to, base, commits, merges, patch, touched, notes };
}

/** The touched files at the range's base: bytes, or null where the base has no such file. */
export function filesAtBase(root: string, range: CommitRange): Promise<Map<string, Uint8Array | null>> {
  return readFilesAt(root, range.base, range.touched);
}
