// The non-editor logic behind `--patch -`, `--commits` and the editor's Review Patch from Clipboard / from
// Git Range: range parsing, git cat-file answers, the tree at a range's base, the scope test, patch text.

import { describe, expect, it } from 'vitest';
import { parseRange } from '../../src/surfaces/node/commit-range.js';
import { parseBatch } from '../../src/surfaces/node/git-blobs.js';
import { baseAtCommit } from '../../src/surfaces/node/commit-base.js';
import { scopeMatcher } from '../../src/surfaces/node/tree.js';
import { notAPatch } from '../../src/surfaces/vscode/patch-text.js';
import { fixtureTree } from '../patch/tree.js';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

describe('parseRange', () => {
  it('reads A..B, with an empty side as HEAD', () => {
    expect(parseRange('v6.1..my-series')).toEqual({ from: 'v6.1', to: 'my-series' });
    expect(parseRange('origin/master..')).toEqual({ from: 'origin/master', to: 'HEAD' });
    expect(parseRange('..topic')).toEqual({ from: 'HEAD', to: 'topic' });
  });
  it('refuses other shapes with a reason', () => {
    expect(parseRange('HEAD')).toBe('HEAD: expected a range A..B (for example origin/master..HEAD or v6.1..my-series)');
    expect(parseRange('a..b..c')).toBe(
      'a..b..c: expected a range A..B (for example origin/master..HEAD or v6.1..my-series)',
    );
    expect(parseRange('a...b')).toBe(
      'a...b: A...B (the symmetric difference) is not a series; give A..B, the commits in B that are not in A',
    );
    expect(parseRange('--output=x..HEAD')).toBe("--output=x..HEAD: '--output=x' is not a revision");
    expect(parseRange('a b..c')).toBe("a b..c: 'a b' is not a revision");
  });
});

describe('parseBatch', () => {
  const sha = 'a'.repeat(40);
  it('splits blobs, missing paths and non-blobs, one answer per request', () => {
    const out = enc(`${sha} blob 6\nline\n\n\nx:gone missing\n${sha} tree 30\n${'t'.repeat(30)}\n${sha} blob 0\n\n`);
    expect(parseBatch(out, 4).map(dec)).toEqual(['line\n\n', null, null, '']);
  });
  it('throws when git answered fewer requests or cut an object short', () => {
    expect(() => parseBatch(enc(`${sha} blob 3\nab`), 1)).toThrow(
      `git cat-file output ends inside an object (${sha} blob 3)`,
    );
    expect(() => parseBatch(enc(''), 1)).toThrow('git cat-file answered 0 of 1 requests');
  });
});

describe('scopeMatcher', () => {
  it('matches the default hotplug scope, and given globs', () => {
    const inScope = scopeMatcher();
    expect(['mm/a.c', 'arch/x86/mm/init_64.c', 'include/linux/mm.h', 'drivers/dax/bus.c'].map(inScope)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['fs/a.c', 'include/linux/x.c', 'arch/x86/kernel/a.c', 'mm/a.txt'].map(inScope)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    const custom = scopeMatcher({ include: ['mm/**/*.c'], exclude: ['mm/kasan/**'] });
    expect([custom('mm/a.c'), custom('mm/kasan/a.c')]).toEqual([true, false]);
  });
});

describe('baseAtCommit', () => {
  it('lays the base commit’s touched files over the loaded tree; others stay as loaded', async () => {
    const snapshot = (await fixtureTree()).workspace.snapshot();
    const hmm = snapshot.text('mm/hmm.c')!;
    const atBase = new Map<string, Uint8Array | null>([
      ['mm/hmm.c', enc('int hmm_at_base(void) { return 0; }\n')],
      ['mm/memory_hotplug.c', null],
      ['mm/sparse.c', enc(snapshot.text('mm/sparse.c')!)],
      ['mm/new_at_base.c', enc('int only_at_base(void) { return 1; }\n')],
      ['fs/outside.c', enc('int outside(void) { return 2; }\n')],
      ['Documentation/x.rst', enc('text\n')],
    ]);
    const base = baseAtCommit(snapshot, atBase, scopeMatcher(), (p) => `worktree:${p}`);
    expect(base.snapshot.text('mm/hmm.c')).toBe('int hmm_at_base(void) { return 0; }\n');
    expect(base.snapshot.files.get('mm/hmm.c')!.facts.functions.map((f) => f.name)).toEqual(['hmm_at_base']);
    expect(base.snapshot.files.has('mm/memory_hotplug.c')).toBe(false);
    expect(base.snapshot.files.get('mm/sparse.c')).toBe(snapshot.files.get('mm/sparse.c'));
    expect(base.snapshot.files.has('mm/new_at_base.c')).toBe(true);
    expect(base.snapshot.files.has('fs/outside.c')).toBe(false);
    expect(base.readTree('fs/outside.c')).toBe('int outside(void) { return 2; }\n');
    expect(base.readTree('mm/memory_hotplug.c')).toBeUndefined();
    expect(base.readTree('mm/page_alloc.c')).toBe('worktree:mm/page_alloc.c');
    // The loaded tree is not changed.
    expect(snapshot.text('mm/hmm.c')).toBe(hmm);
    expect(snapshot.files.has('mm/memory_hotplug.c')).toBe(true);
  });
});

describe('notAPatch', () => {
  it('accepts mails and bare diffs', () => {
    expect(notAPatch('From abc Mon Sep 17 00:00:00 2001\nSubject: x\n', 'The clipboard')).toBeUndefined();
    expect(notAPatch('Subject: [PATCH] x\n\nbody\n', 'The clipboard')).toBeUndefined();
    expect(notAPatch('--- a/mm/a.c\n+++ b/mm/a.c\n@@ -1 +1 @@\n-a\n+b\n', 'The clipboard')).toBeUndefined();
  });
  it('names what is wrong with anything else', () => {
    expect(notAPatch(' \n', 'The clipboard')).toBe('The clipboard is empty.');
    expect(notAPatch('int x;\n', 'The clipboard')).toBe(
      'The clipboard holds no patch (no mail headers and no "diff --git", "---"/"+++" or "@@" line).',
    );
  });
});
