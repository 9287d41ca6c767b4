// Reads files of one commit straight from git's object store (`git cat-file --batch`), without a
// checkout: the work tree and the index are not read, so their state does not matter.

import { GitError, gitOutput } from './git.js';

/** The bytes of each path at `commit`, or null where the commit has no such file (or not a regular file). */
export async function readFilesAt(
  root: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, Uint8Array | null>> {
  const out = new Map<string, Uint8Array | null>();
  const asked = paths.filter((p) => !p.includes('\n'));
  for (const p of paths) if (p.includes('\n')) out.set(p, null);
  if (asked.length === 0) return out;
  const input = Buffer.from(asked.map((p) => `${commit}:${p}\n`).join(''));
  const stdout = await gitOutput(root, ['cat-file', '--batch'], `cannot read files of ${commit}`, input);
  const answers = parseBatch(stdout, asked.length);
  asked.forEach((p, i) => out.set(p, answers[i]!));
  return out;
}

/**
 * Splits `git cat-file --batch` output into one answer per request line: the content of a blob, or null
 * for `missing`, `ambiguous` and objects that are not blobs (a directory, a submodule).
 */
export function parseBatch(stdout: Uint8Array, count: number): (Uint8Array | null)[] {
  const answers: (Uint8Array | null)[] = [];
  let at = 0;
  while (answers.length < count) {
    const nl = stdout.indexOf(0x0a, at);
    if (nl < 0) throw new GitError(`git cat-file answered ${answers.length} of ${count} requests`);
    const header = Buffer.from(stdout.subarray(at, nl)).toString('utf8');
    at = nl + 1;
    const m = /^[0-9a-f]{40,64} (\w+) (\d+)$/.exec(header);
    if (!m) {
      answers.push(null);
      continue;
    }
    const size = Number(m[2]);
    if (at + size > stdout.length) throw new GitError(`git cat-file output ends inside an object (${header})`);
    answers.push(m[1] === 'blob' ? stdout.slice(at, at + size) : null);
    at += size + 1;
  }
  return answers;
}
