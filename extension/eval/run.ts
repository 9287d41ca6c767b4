// `npm run eval`: rebuilds the real-history corpus from the fetched release mirrors under a cache folder,
// runs `check` on the tree before and after each fix, and prints the table, recall and the error lines of
// each unmodified release tree. Kernel source never enters the repository: only the corpus metadata does.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import {
  applyEdits,
  formatErrors,
  formatReport,
  judge,
  mapLine,
  validateCorpus,
  type Case,
  type Corpus,
  type Edit,
  type Release,
  type Row,
  type SlimFinding,
} from './lib.js';

const TREE_DIRS = [
  'Makefile',
  'mm',
  'kernel',
  'arch/x86',
  'include',
  'lib',
  'drivers/base',
  'drivers/dax',
  'drivers/nvdimm',
  'drivers/acpi',
];

interface Options {
  cases: string[];
  releases: string[];
  cache: string;
  mirrors: string;
}

const USAGE = 'usage: npm run eval -- [--case ID]... [--release ID]... [--cache DIR] [--mirrors DIR]';

function parseArgs(argv: string[]): Options {
  const o: Options = {
    cases: [],
    releases: [],
    cache: process.env.MEMHP_EVAL_CACHE ?? '/var/tmp/memhp-eval',
    mirrors: process.env.MEMHP_EVAL_MIRRORS ?? '/work/.mirror',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (v === undefined || !['--case', '--release', '--cache', '--mirrors'].includes(a ?? '')) fail(USAGE);
    i++;
    if (a === '--case') o.cases.push(v);
    else if (a === '--release') o.releases.push(v);
    else if (a === '--cache') o.cache = v;
    else o.mirrors = v;
  }
  return o;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function progress(message: string): void {
  process.stderr.write(`eval: ${message}\n`);
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function git(gitDir: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString().trim()}`);
  return r.stdout;
}

function mirrorOf(release: Release, mirrors: string): string {
  const dir = join(mirrors, release.repo.replace('/', '+'), 'repo');
  if (!existsSync(dir))
    fail(`mirror of ${release.id} missing at ${dir}: run the fetch tool for github:${release.repo}`);
  const ok = spawnSync('git', ['--git-dir', dir, 'cat-file', '-e', `${release.commit}^{commit}`]);
  if (ok.status !== 0)
    fail(
      `mirror ${dir} lacks commit ${release.commit} of ${release.id}: run the fetch tool for github:${release.repo}`,
    );
  return dir;
}

/** Writes the scope folders of the release tree, prefix stripped; blobs the snapshot lacks (files of 4 MiB and more) are skipped and counted. */
function extractTree(release: Release, mirrors: string, dest: string): void {
  if (existsSync(join(dest, '.complete'))) return;
  const gitDir = mirrorOf(release, mirrors);
  progress(`extracting ${release.id} (${release.repo}@${release.commit.slice(0, 12)}) to ${dest}`);
  rmSync(dest, { recursive: true, force: true });
  const listing = git(gitDir, [
    'ls-tree',
    '-r',
    '-z',
    release.commit,
    '--',
    ...TREE_DIRS.map((d) => release.prefix + d),
  ]).toString('utf8');
  const blobs: { sha: string; path: string }[] = [];
  for (const entry of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]{40})\t(.*)$/s.exec(entry);
    if (m?.[1] && m[2]) blobs.push({ sha: m[1], path: m[2].slice(release.prefix.length) });
  }
  const out = git(gitDir, ['cat-file', '--batch'], blobs.map((b) => b.sha).join('\n') + '\n');
  let at = 0;
  let missing = 0;
  for (const b of blobs) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString('utf8');
    at = nl + 1;
    if (header.endsWith(' missing')) {
      missing++;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const file = join(dest, b.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, out.subarray(at, at + size));
    at += size + 1;
  }
  writeFileSync(join(dest, '.complete'), `${blobs.length - missing} files, ${missing} missing in the snapshot\n`);
  progress(`${release.id}: ${blobs.length - missing} files${missing ? `, ${missing} missing in the snapshot` : ''}`);
}

function editedFiles(edits: readonly Edit[]): Map<string, Edit[]> {
  const byFile = new Map<string, Edit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return byFile;
}

/** A hard-linked copy of the release tree with the essence laid into fresh copies of the files it touches. */
function buildEditedTree(c: Case, releaseDir: string, dest: string): string | null {
  if (existsSync(join(dest, '.complete'))) return null;
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dirname(dest), { recursive: true });
  const cp = spawnSync('cp', ['-al', releaseDir, dest]);
  if (cp.status !== 0) throw new Error(`cp -al ${releaseDir} ${dest}: ${cp.stderr.toString().trim()}`);
  for (const [file, edits] of editedFiles(c.essence)) {
    const path = join(dest, file);
    if (!existsSync(path)) return `${file}: not in the ${c.release} tree`;
    const r = applyEdits(readFileSync(path, 'latin1'), edits);
    if ('error' in r) return r.error;
    unlinkSync(path);
    writeFileSync(path, r.text, 'latin1');
  }
  writeFileSync(join(dest, '.complete'), '');
  return null;
}

interface CheckJson {
  findings: {
    ruleId: string;
    severity: string;
    location: { file: string; line: number };
    function: string;
    message: string;
  }[];
}

function runCheck(cli: string, tree: string, scenario: string | undefined, key: string, cache: string): SlimFinding[] {
  const file = join(cache, 'results', `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SlimFinding[];
  const args = [cli, 'check', '--tree', tree, '--format', 'json', ...(scenario ? ['--scenario', scenario] : [])];
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`check --tree ${tree} exited ${r.status}: ${(r.stderr || '').trim().split('\n').pop()}`);
  const findings = (JSON.parse(r.stdout) as CheckJson).findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    file: f.location.file,
    line: f.location.line,
    function: f.function,
    message: f.message,
  }));
  progress(
    `checked ${tree}${scenario ? ` (${scenario})` : ''}: ${findings.length} findings in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(findings));
  return findings;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const dist = dirname(process.argv[1] ?? '.');
  const cli = join(dist, 'cli.js');
  const corpusFile = join(dist, '..', 'extension', 'eval', 'corpus.json');
  if (!existsSync(cli)) fail(`${cli} missing: run npm run build`);
  const data: unknown = JSON.parse(readFileSync(corpusFile, 'utf8'));
  const problems = validateCorpus(data);
  if (problems.length > 0) fail(problems.map((p) => `${corpusFile}: ${p}`).join('\n'));
  const corpus = data as Corpus;
  for (const id of opts.cases)
    if (!corpus.cases.some((c) => c.id === id))
      fail(`unknown case "${id}"; cases: ${corpus.cases.map((c) => c.id).join(', ')}`);
  for (const id of opts.releases)
    if (!corpus.releases.some((r) => r.id === id))
      fail(`unknown release "${id}"; releases: ${corpus.releases.map((r) => r.id).join(', ')}`);
  const cases = corpus.cases.filter(
    (c) =>
      (opts.cases.length === 0 || opts.cases.includes(c.id)) &&
      (opts.releases.length === 0 || opts.releases.includes(c.release)),
  );
  const releases = corpus.releases.filter((r) => cases.some((c) => c.release === r.id) || opts.releases.includes(r.id));
  const version = sha256(readFileSync(cli)).slice(0, 16);
  const treeDir = (r: Release) => join(opts.cache, 'trees', `${r.id}-${r.commit.slice(0, 12)}`);

  for (const r of releases) extractTree(r, opts.mirrors, treeDir(r));
  const plain = new Map<string, SlimFinding[]>();
  const checkRelease = (r: Release, scenario?: string): SlimFinding[] => {
    const k = `${r.id}/${scenario ?? ''}`;
    const hit = plain.get(k);
    if (hit) return hit;
    const res = runCheck(
      cli,
      treeDir(r),
      scenario,
      sha256(JSON.stringify([version, r.commit, scenario ?? null])),
      opts.cache,
    );
    plain.set(k, res);
    return res;
  };
  for (const r of releases) checkRelease(r);

  const rows: Row[] = [];
  for (const c of cases) {
    const r = releases.find((x) => x.id === c.release) as Release;
    const row: Omit<Row, 'verdict'> = {
      id: c.id,
      release: r.id,
      fix: c.fix.sha ? c.fix.sha.slice(0, 12) : '(no sha)',
      rule: c.expect.rule,
      expected: `${c.expect.file}:${c.expect.line}`,
    };
    try {
      const essenceKey = sha256(JSON.stringify(c.essence)).slice(0, 12);
      const edited = join(opts.cache, 'cases', `${c.id}-${essenceKey}`);
      const err = buildEditedTree(c, treeDir(r), edited);
      if (err) throw new Error(err);
      writePatch(c, treeDir(r), edited, opts.cache);
      const [beforeDir, afterDir] = c.direction === 'reverse' ? [edited, treeDir(r)] : [treeDir(r), edited];
      const beforeText = readFileSync(join(beforeDir, c.expect.file), 'latin1');
      const afterText = readFileSync(join(afterDir, c.expect.file), 'latin1');
      const lineText = beforeText.split('\n')[c.expect.line - 1] ?? '';
      if (!lineText.includes(c.expect.text)) {
        const actual = beforeText.split('\n').findIndex((l) => l.includes(c.expect.text)) + 1;
        throw new Error(
          `${c.expect.file}:${c.expect.line} of the before tree does not contain ${JSON.stringify(c.expect.text)}${actual ? ` (line ${actual} does)` : ''}`,
        );
      }
      const editedFindings = runCheck(
        cli,
        edited,
        c.scenario,
        sha256(JSON.stringify([version, r.commit, c.essence, c.scenario ?? null])),
        opts.cache,
      );
      const releaseFindings = checkRelease(r, c.scenario);
      const [before, after] =
        c.direction === 'reverse' ? [editedFindings, releaseFindings] : [releaseFindings, editedFindings];
      rows.push({ ...row, verdict: judge(c.expect, before, after, mapLine(beforeText, afterText, c.expect.line)) });
    } catch (e) {
      rows.push({ ...row, verdict: { error: e instanceof Error ? e.message : String(e) } });
    }
  }

  console.log(formatReport(rows));
  for (const r of releases) {
    const errors = formatErrors(plain.get(`${r.id}/`) ?? []);
    console.log(
      `\nerror-severity findings on unmodified ${r.id} (${r.version}, ${r.repo}@${r.commit.slice(0, 12)}): ${errors.length}`,
    );
    for (const e of errors) console.log(`  ${e}`);
  }
}

/** The essence as a patch against the release tree, for `check --patch` and for reading. */
function writePatch(c: Case, releaseDir: string, edited: string, cache: string): void {
  const parts = [...editedFiles(c.essence).keys()].map((file) =>
    createTwoFilesPatch(
      `a/${file}`,
      `b/${file}`,
      readFileSync(join(releaseDir, file), 'latin1'),
      readFileSync(join(edited, file), 'latin1'),
    ),
  );
  const what = c.direction === 'reverse' ? 're-creates the bug in' : 'applies the fix to';
  mkdirSync(join(cache, 'patches'), { recursive: true });
  writeFileSync(
    join(cache, 'patches', `${c.id}.patch`),
    `${c.id}: ${what} ${c.release}\n\n${parts.join('')}`,
    'latin1',
  );
}

main();
