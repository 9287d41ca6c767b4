// Issue 4 "Done when", real half: two patches of our own against pagemap_range() in Debian's
// linux-source-6.1 mm/memremap.c (installed by extension/scripts/kernel-tree.sh when missing), made at test time
// from the real file with jsdiff, so no kernel text is committed. One sets the KASAN shadow up before
// mem_hotplug_begin() (the finding at :240 is Fixed); one drops the mem_hotplug_done() before
// `goto err_kasan` (pagemap_range() returns with the lock held: New at its `return error;`).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, type CliRun } from '../cli/run-cli.js';
import { kernelRoot } from '../real/kernel.js';
import { brief, checkPatchAsync, reviewJsonAsync, section, type ReviewJson } from './review-cli.js';

const FILE = 'mm/memremap.c';
const KASAN_IN_LOCK = [
  '\t\terror = kasan_add_zero_shadow(__va(range->start), range_len(range));',
  '\t\tif (error) {',
  '\t\t\tmem_hotplug_done();',
  '\t\t\tgoto err_kasan;',
  '\t\t}',
  '',
  '',
].join('\n');
const KASAN_BEFORE_LOCK = [
  '\tif (!is_private) {',
  '\t\terror = kasan_add_zero_shadow(__va(range->start), range_len(range));',
  '\t\tif (error)',
  '\t\t\tgoto err_kasan;',
  '\t}',
  '',
  '\tmem_hotplug_begin();',
  '',
].join('\n');
const UNLOCK_BEFORE_GOTO = '\t\tif (error) {\n\t\t\tmem_hotplug_done();\n\t\t\tgoto err_kasan;\n\t\t}\n';

/** `text` with `from` replaced once; fails loudly when the tree does not have the shape the patch needs. */
function replaceOnce(text: string, from: string, to: string, after = 0): string {
  const at = text.indexOf(from, after);
  expect(at, `expected ${JSON.stringify(from)} in ${FILE}`).toBeGreaterThanOrEqual(0);
  expect(text.indexOf(from, at + 1), `expected ${JSON.stringify(from)} once`).toBe(-1);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** A one-patch mail around a jsdiff diff of mm/memremap.c. */
function mail(subject: string, id: string, before: string, after: string): string {
  const diff = createTwoFilesPatch(`a/${FILE}`, `b/${FILE}`, before, after);
  return [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    'From: Test Reviewer <reviewer@example.org>',
    'Date: Mon, 2 Jan 2023 10:00:00 +0000',
    `Subject: ${subject}`,
    `Message-Id: <${id}@example.org>`,
    '',
    'Written by the test suite.',
    '',
    '---',
    diff,
  ].join('\n');
}

const lineOf = (text: string, needle: string, from = 1) =>
  text.split('\n').findIndex((l, i) => i + 1 >= from && l === needle) + 1;

let root: string;
let cache: string;
let dir: string;
let original: string;
beforeAll(() => {
  root = kernelRoot();
  ensureBuilt();
  cache = freshCacheDir();
  dir = mkdtempSync(join(tmpdir(), 'memhp-real-review-'));
  original = readFileSync(join(root, FILE), 'utf8');
  // The lines the tests name, as Debian 6.1 has them.
  const lines = original.split('\n');
  expect(lines[222]).toBe('\tmem_hotplug_begin();');
  expect(lines[239]).toBe('\t\terror = kasan_add_zero_shadow(__va(range->start), range_len(range));');
  expect(lines[281]).toBe('\treturn error;');
});
afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('a patch that sets the KASAN shadow up before mem_hotplug_begin() in pagemap_range()', () => {
  let patch: string;
  let text: CliRun;
  let json: ReviewJson;
  beforeAll(async () => {
    const begin = original.indexOf('\tmem_hotplug_begin();\n', original.indexOf('static int pagemap_range('));
    const moved = replaceOnce(
      replaceOnce(original, KASAN_IN_LOCK, ''),
      '\tmem_hotplug_begin();\n',
      KASAN_BEFORE_LOCK,
      begin,
    );
    patch = join(dir, 'kasan-before-lock.mbox');
    writeFileSync(
      patch,
      mail(
        '[PATCH] mm/memremap: set up the KASAN shadow before mem_hotplug_begin()',
        'kasan-before-lock',
        original,
        moved,
      ),
    );
    text = await checkPatchAsync([patch], cache, ['--tree', root]);
    json = (await reviewJsonAsync([patch], cache, ['--tree', root])).json;
  });

  it('applies both hunks and exits 0', () => {
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n').slice(0, 3)).toEqual([
      'Applying: [PATCH] mm/memremap: set up the KASAN shadow before mem_hotplug_begin()',
      `  ${FILE} hunk #1: applied cleanly at line 219`,
      `  ${FILE} hunk #2: applied cleanly at line 242`,
    ]);
  });

  it('shows kasan-under-hotplug-lock at mm/memremap.c:240 as Fixed, at the - line of the call, and nothing New', () => {
    const minus = lineOf(
      readFileSync(patch, 'utf8'),
      '-\t\terror = kasan_add_zero_shadow(__va(range->start), range_len(range));',
    );
    expect(minus).toBe(33);
    expect(json.findings.new).toEqual([]);
    expect(json.findings.fixed.map(brief)).toEqual([
      `kasan-under-hotplug-lock ${FILE}:240 pagemap_range() <- devm_memremap_pages [devm_memremap_pages -> memremap_pages -> pagemap_range] -${patch}:${minus} mail 0 hunk 2`,
      `kasan-under-hotplug-lock ${FILE}:240 pagemap_range() <- memremap_pages [memremap_pages -> pagemap_range] -${patch}:${minus} mail 0 hunk 2`,
    ]);
    expect(section(text.stdout, 'Fixed findings:')[0]).toBe(
      `   ${FILE}:240 pagemap_range() warn: [kasan-under-hotplug-lock] kasan_add_zero_shadow() called with mem_hotplug_lock held (mem_hotplug_lock taken at ${FILE}:223 via mem_hotplug_begin()): it allocates page tables and may sleep; could it run before mem_hotplug_begin()?`,
    );
    // The unwind of the shadow after mem_hotplug_done() at :277 is untouched: still Old, at the same line.
    expect(
      json.findings.old.filter((f) => f.location.file === FILE).map((f) => `${f.ruleId} ${f.location.line}`),
    ).toEqual([
      'kasan-under-hotplug-lock 128',
      'kasan-under-hotplug-lock 128',
      'kasan-under-hotplug-lock 128',
      'inconsistent-lock-context 277',
    ]);
  });
});

describe('a patch that deletes the mem_hotplug_done() before goto err_kasan in pagemap_range()', () => {
  let patched: string;
  let json: ReviewJson;
  let run: CliRun;
  beforeAll(async () => {
    patched = replaceOnce(original, UNLOCK_BEFORE_GOTO, '\t\tif (error)\n\t\t\tgoto err_kasan;\n');
    const patch = join(dir, 'no-unlock-before-goto.mbox');
    writeFileSync(patch, mail('[PATCH] mm/memremap: jump to err_kasan directly', 'no-unlock', original, patched));
    ({ run, json } = await reviewJsonAsync([patch], cache, ['--tree', root]));
  });

  it('shows lock-held-at-return in pagemap_range() as New at its return error; and exits 1', () => {
    const returnLine = lineOf(patched, '\treturn error;', lineOf(patched, 'err_pfn_remap:'));
    expect(returnLine).toBe(280);
    expect(run.code).toBe(1);
    expect(
      json.findings.new.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.function}() <- ${f.entry}`),
    ).toEqual([
      `lock-held-at-return ${FILE}:280 pagemap_range() <- devm_memremap_pages`,
      `lock-held-at-return ${FILE}:280 pagemap_range() <- memremap_pages`,
    ]);
    expect(json.findings.new[0]!.severity).toBe('error');
    expect(json.findings.new[0]!.message).toBe(
      'pagemap_range() returns with cpu_hotplug_lock, mem_hotplug_lock still held (taken at mm/memremap.c:223 via mem_hotplug_begin()) on this path, but releases them on others',
    );
    expect(json.findings.fixed).toEqual([]);
  });

  it('tells in the email where the return is, since the patch does not touch that line', async () => {
    const patch = join(dir, 'no-unlock-before-goto.mbox');
    const email = await checkPatchAsync([patch], cache, ['--tree', root, '--format', 'email']);
    expect(email.stdout.split('\n')[0]).toBe('Subject: Re: [PATCH] mm/memremap: jump to err_kasan directly');
    expect(
      email.stdout
        .split('\n\n')
        .slice(1)
        .map((p) => p.trim().replace(/\n/g, ' ')),
    ).toEqual([
      "At mm/memremap.c:280 after the patch, doesn't pagemap_range() return with the lock still held on this path? pagemap_range() returns with cpu_hotplug_lock, mem_hotplug_lock still held (taken at mm/memremap.c:223 via mem_hotplug_begin()) on this path, but releases them on others.",
      'This is reached as devm_memremap_pages() -> memremap_pages() -> pagemap_range().',
    ]);
  });
});
