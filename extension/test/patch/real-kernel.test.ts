// Patch-local checks on Debian's linux-source-6.1 (unpacked at test time; no kernel text is committed):
// kernel code re-added as new files must give no undeclared-identifier and no type/count mismatch, and a
// planted seed-style bug must be found at its line.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { compareSides, prepareSeries } from '../../src/core/patch/review.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { forEachYielding, kernelRoot } from '../real/kernel.js';
import { cParser } from './tree.js';

const NOTHING = { findings: [], paths: [] };

let root: string;
let workspace: Workspace;
let readTree: (p: string) => string | undefined;

beforeAll(async () => {
  root = kernelRoot();
  workspace = new Workspace(await cParser(), undefined, true);
  await forEachYielding(listTreeFiles(root), (file) => loadTree(workspace, root, [file]));
  readTree = (p) => {
    const abs = join(root, p);
    return existsSync(abs) && statSync(abs).isFile() ? readFileSync(abs, 'latin1') : undefined;
  };
});

async function review(name: string, diff: string) {
  const base = workspace.snapshot();
  const prepared = await prepareSeries(base, [{ name, bytes: new TextEncoder().encode(diff) }], readTree);
  return compareSides(prepared, NOTHING, NOTHING);
}

/** A git diff that adds `path` again as `<path>.copy.c`, every line a `+` line. */
function readdedAsNewFile(path: string): string {
  const lines = readTree(path)!.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const copy = `${path}.copy.c`;
  return `diff --git a/${copy} b/${copy}\nnew file mode 100644\n--- /dev/null\n+++ b/${copy}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
}

describe('patch-local checks on linux-source-6.1', () => {
  it('report nothing undeclared and no type or count mismatch in the hotplug core re-added as new code', async () => {
    const files = [
      'mm/memory_hotplug.c',
      'mm/memremap.c',
      'mm/sparse.c',
      'mm/page_alloc.c',
      'mm/hmm.c',
      'mm/mmap.c',
      'mm/filemap.c',
      'drivers/base/memory.c',
      'drivers/base/core.c',
      'arch/x86/mm/init_64.c',
      'kernel/resource.c',
      'kernel/cpu.c',
    ];
    const r = await review('readd.diff', files.map(readdedAsNewFile).join(''));
    expect(r.hunks.map((h) => h.status)).toEqual(files.map(() => 'clean'));
    // Only name disagreements of the tree's own forward declarations remain: both sides are "added" here.
    expect(r.findings.filter((f) => f.finding.messageId !== 'name').map((f) => f.finding.message)).toEqual([]);
  });

  it('flags a seed-style undeclared pfn planted in mhp_range_allowed()', async () => {
    const path = 'mm/memory_hotplug.c';
    const before = readTree(path)!;
    const head = 'bool mhp_range_allowed(u64 start, u64 size, bool need_mapping)\n{\n';
    const at = before.indexOf(head);
    expect(at).toBeGreaterThan(0);
    const planted = '\tstruct zone *zone = page_zone(pfn_to_page(pfn));\n';
    const after = before.slice(0, at + head.length) + planted + before.slice(at + head.length);
    const line = before.slice(0, at + head.length).split('\n').length;
    const diff = createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after);
    const plusLine = diff.split('\n').indexOf(`+${planted.trimEnd()}`) + 1;
    const r = await review('plant.diff', diff);
    expect(r.hunks.map((h) => h.status)).toEqual(['clean']);
    expect(
      r.findings.map(
        (f) =>
          `${f.finding.ruleId} ${f.finding.location.file}:${f.finding.location.line}:${f.finding.location.column} ${f.finding.function} ${f.patch?.at.line}`,
      ),
    ).toEqual([`undeclared-identifier ${path}:${line}:43 mhp_range_allowed ${plusLine}`]);
  });
});
