// Inputs as reviewers have them: the fixture tree made into a git repository at test time, the fixture
// series committed with `git am`, then the same review from `git format-patch --stdout | check --patch -`,
// from `check --commits base..HEAD` and from `check --patch FILE`; the repository is not touched.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, repoRoot, runCli } from './run-cli.js';

const fixtureTree = join(repoRoot, 'test-fixtures/linux-4.19-shape');
const seriesDir = join(repoRoot, 'test-fixtures/series/add-device-memory');
const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Fixture Author',
  GIT_AUTHOR_EMAIL: 'author@example.org',
  GIT_COMMITTER_NAME: 'Fixture Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.org',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { env: gitEnv });

let work: string;
let repo: string;
let cache: string;
let formatPatch: Buffer;
let mboxFile: string;

/** Everything a review could have changed: the index file, HEAD, status and every work-tree file's bytes. */
function repoState(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === '.git') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk(root);
  hash.update(readFileSync(join(root, '.git/index')));
  hash.update(git(root, 'rev-parse', 'HEAD'));
  hash.update(git(root, 'status', '--porcelain'));
  return hash.digest('hex');
}

beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
  work = mkdtempSync(join(tmpdir(), 'memhp-git-'));
  repo = join(work, 'linux');
  cpSync(fixtureTree, repo, { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'tag', 'base');
  // The numbered patches of the fixture series (its mbox starts with a cover letter, which git am refuses).
  const patches = readdirSync(seriesDir)
    .filter((n) => /^000[1-9]-.*\.patch$/.test(n))
    .sort()
    .map((n) => join(seriesDir, n));
  git(repo, 'am', '-q', ...patches);
  formatPatch = git(repo, 'format-patch', '--stdout', 'base..HEAD');
  mboxFile = join(work, 'series.mbox');
  writeFileSync(mboxFile, formatPatch);
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});

/** The three ways in, each output with the name its series is reported under replaced by SERIES. */
function threeWays(format: string) {
  const viaStdin = runCli(['check', '--patch', '-', '--format', format], cache, false, formatPatch);
  const viaCommits = runCli(['check', '--tree', repo, '--commits', 'base..HEAD', '--format', format], cache);
  const viaFile = runCli(['check', '--patch', mboxFile, '--format', format], cache);
  const named = (out: string, name: string) => out.split(name).join('SERIES');
  return {
    stdin: { ...viaStdin, stdout: named(viaStdin.stdout, '<stdin>') },
    commits: { ...viaCommits, stdout: named(viaCommits.stdout, 'base..HEAD') },
    file: { ...viaFile, stdout: named(viaFile.stdout, mboxFile) },
  };
}

describe('check --patch -, --commits and a saved mbox give the same review', () => {
  it('in text', () => {
    const before = repoState(repo);
    const { stdin, commits, file } = threeWays('text');
    expect(stdin.code).toBe(0);
    expect(stdin.stderr).toBe('');
    expect(commits).toEqual(stdin);
    expect(file).toEqual(stdin);
    expect(stdin.stdout.split('\n').filter((l) => l.startsWith('>> mm/') || l.includes(' by "['))).toEqual([
      '>> mm/memory_hotplug.c:498 add_device_memory() warn: [kasan-under-hotplug-lock] kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:209 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?',
      '     added by "[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions" at SERIES:103, mm/memory_hotplug.c hunk #1',
      '>> mm/memory_hotplug.c:503 add_device_memory() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:209 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
      '     added by "[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions" at SERIES:108, mm/memory_hotplug.c hunk #1',
      '>> mm/memory_hotplug.c:544 del_device_memory() warn: [kasan-under-hotplug-lock] kasan_remove_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at kernel/memremap.c:121 via mem_hotplug_begin()): it frees page tables; could it run after mem_hotplug_done()?',
      '     added by "[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions" at SERIES:149, mm/memory_hotplug.c hunk #1',
      '     removed by "[PATCH 3/5] kernel/memremap: Use add/del_device_memory" at SERIES:189, kernel/memremap.c hunk #1',
      '     removed by "[PATCH 3/5] kernel/memremap: Use add/del_device_memory" at SERIES:199, kernel/memremap.c hunk #2',
      '     removed by "[PATCH 3/5] kernel/memremap: Use add/del_device_memory" at SERIES:218, kernel/memremap.c hunk #3',
    ]);
    expect(stdin.stdout.trimEnd().split('\n').at(-1)).toBe('3 new, 3 fixed, 3 old; 9 of 9 hunks applied');
    expect(repoState(repo)).toBe(before);
  });

  it('in JSON, with the findings and path changes of the original mbox', () => {
    const before = repoState(repo);
    const { stdin, commits, file } = threeWays('json');
    expect(commits).toEqual(stdin);
    expect(file).toEqual(stdin);
    const original = runCli(
      ['check', '--patch', join(repoRoot, 'test-fixtures/series/add-device-memory.mbox'), '--format', 'json'],
      cache,
    );
    const gist = (out: string) => {
      const r = JSON.parse(out) as {
        findings: Record<string, { fingerprint: string; location: unknown }[]>;
        paths: unknown;
        summary: unknown;
      };
      const fp = (k: string) => r.findings[k]!.map((f) => [f.fingerprint, f.location]);
      return { new: fp('new'), fixed: fp('fixed'), old: fp('old'), paths: r.paths, summary: r.summary };
    };
    expect(gist(stdin.stdout)).toEqual(gist(original.stdout));
    expect(repoState(repo)).toBe(before);
  });

  it('--commits reviews against the commit, not a dirty work tree', () => {
    const clean = runCli(['check', '--tree', repo, '--commits', 'base..HEAD'], cache);
    const file = join(repo, 'kernel/memremap.c');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('devm_memremap_pages_release', 'renamed_in_the_work_tree'));
    try {
      const before = repoState(repo);
      const dirty = runCli(['check', '--tree', repo, '--commits', 'base..HEAD'], cache);
      expect(dirty).toEqual(clean);
      expect(repoState(repo)).toBe(before);
      expect(git(repo, 'status', '--porcelain').toString()).toBe(' M kernel/memremap.c\n');
    } finally {
      writeFileSync(file, text);
    }
  });

  it('--commits --per-patch reports each commit', () => {
    const run = runCli(['check', '--tree', repo, '--commits', 'base~0..HEAD~3', '--per-patch'], cache);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('=== '))).toEqual([
      '=== patch 1 of 2: [PATCH 1/2] mm/memory_hotplug: Add prototypes for add/del_device_memory',
      '=== patch 2 of 2: [PATCH 2/2] mm/memory_hotplug: Create add/del_device_memory functions',
    ]);
  });
});

describe('errors name the reason in one line and exit 2', () => {
  const fails = (args: string[], stderr: string, input?: string) => {
    expect(runCli(args, cache, false, input)).toEqual({ code: 2, stdout: '', stderr: `memhp-review: ${stderr}\n` });
  };

  it('a --tree that is not a git repository', () => {
    const plain = join(work, 'plain');
    cpSync(join(fixtureTree, 'mm'), join(plain, 'mm'), { recursive: true });
    fails(
      ['check', '--tree', plain, '--commits', 'a..b'],
      `--commits ${plain}: not a git repository (git: fatal: not a git repository (or any of the parent directories): .git)`,
    );
  });

  it('a --tree inside a repository', () => {
    fails(
      ['check', '--tree', join(repo, 'mm'), '--commits', 'base..HEAD'],
      `--commits ${join(repo, 'mm')}: inside the git repository ${repo}; give the repository's top level`,
    );
  });

  it('a revision that is not there', () => {
    fails(
      ['check', '--tree', repo, '--commits', 'v9.9..HEAD'],
      "--commits v9.9..HEAD: 'v9.9' is not a commit in this repository",
    );
  });

  it('an empty range', () => {
    fails(
      ['check', '--tree', repo, '--commits', 'HEAD..base'],
      '--commits HEAD..base: no commits in the range (every commit in base is also in HEAD)',
    );
  });

  it('something that is not a range', () => {
    fails(
      ['check', '--tree', repo, '--commits', 'base'],
      '--commits base: expected a range A..B (for example origin/master..HEAD or v6.1..my-series)',
    );
    fails(
      ['check', '--tree', repo, '--commits', 'base...HEAD'],
      '--commits base...HEAD: A...B (the symmetric difference) is not a series; give A..B, the commits in B that are not in A',
    );
    fails(['check', '--tree', repo, '--commits', '--all..HEAD'], "--commits --all..HEAD: '--all' is not a revision");
  });

  it('--commits without --tree, or with --patch', () => {
    fails(['check', '--commits', 'base..HEAD'], '--commits needs --tree DIR, the git repository the commits are in');
    fails(
      ['check', '--tree', repo, '--commits', 'base..HEAD', '--patch', mboxFile],
      '--commits and --patch both name the series; give one of them',
    );
  });

  it('--patch - with nothing piped in, or twice', () => {
    fails(['check', '--patch', '-'], '--patch -: nothing on standard input');
    fails(['check', '--patch', '-', '--patch', '-'], '--patch -: standard input can be read only once', 'x');
  });

  it('--patch - with text that is no patch', () => {
    const run = runCli(['check', '--patch', '-'], cache, false, 'hello\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      '<stdin>:1: no diff in this file\nmemhp-review: nothing in the patches could be reviewed (no hunk applied)\n',
    );
  });
});

it('--version prints the package version', () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(runCli(['--version'], cache)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  expect(runCli(['-V'], cache)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
});
