// Runs git read-only in a repository: object and history queries only, never a command that writes the
// work tree, the index or a ref. Optional index refreshes are switched off (GIT_OPTIONAL_LOCKS=0).

import { spawn } from 'node:child_process';

/** A git failure or a repository that cannot serve the request; the message is one line for the user. */
export class GitError extends Error {}

/** Settings that would change the diff text git prints, forced to git's defaults. */
const PLAIN_DIFF = ['diff.noprefix=false', 'diff.mnemonicPrefix=false', 'diff.relative=false', 'core.quotePath=true'];

export interface GitRun {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs `git -C root args...`, feeding `input` on stdin; resolves with the exit code, rejects only when git cannot start. */
export function runGit(root: string, args: readonly string[], input?: Uint8Array): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', root, ...PLAIN_DIFF.flatMap((c) => ['-c', c]), ...args], {
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new GitError('git is not installed (not found on PATH)') : e),
    );
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ? Buffer.from(input) : undefined);
  });
}

/** stdout of a git command that must succeed; otherwise a GitError with `what` and git's first message line. */
export async function gitOutput(
  root: string,
  args: readonly string[],
  what: string,
  input?: Uint8Array,
): Promise<Buffer> {
  const run = await runGit(root, args, input);
  if (run.code !== 0) throw new GitError(`${what}${firstLine(run.stderr) ? ` (git: ${firstLine(run.stderr)})` : ''}`);
  return run.stdout;
}

export function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
}
