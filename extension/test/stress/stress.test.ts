// `npm run stress:tree` on small trees written here: what it lists (symbolic links to files count, links
// to directories are not followed) and the figures it prints for files that parse, fail to parse, or are refused.

import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listWholeTree } from '../../scripts/stress/list.js';
import type { Summary } from '../../scripts/stress/summary.js';
import { ensureBuilt, repoRoot, spawnAsync, writeTree } from '../cli/run-cli.js';

describe('listWholeTree', () => {
  it('lists .c/.h files and Kbuild files, follows links to files, not to directories', () => {
    const root = writeTree({
      'a.c': 'int a;\n',
      'sub/b.h': 'int b;\n',
      'sub/Kbuild': 'obj-y += b.o\n',
      Makefile: 'obj-y += sub/\n',
      'notes.txt': 'not C\n',
      'sub/c.cpp': 'int c;\n',
    });
    symlinkSync('sub/b.h', join(root, 'link.h'));
    symlinkSync('sub', join(root, 'dirlink'));
    symlinkSync('missing.c', join(root, 'dangling.c'));
    expect(listWholeTree(root)).toEqual({
      sources: ['a.c', 'link.h', 'sub/b.h'],
      buildFiles: ['Makefile', 'sub/Kbuild'],
      symlinked: ['link.h'],
    });
  });
});

describe('the stress run', () => {
  it('reports files, bytes, parse errors, refusals and the call graph, with no exception', async () => {
    ensureBuilt();
    const files = {
      'mm/ok.c': 'static int helper(int x)\n{\n\treturn x + 1;\n}\n\nint entry(void)\n{\n\treturn helper(2);\n}\n',
      'mm/broken.c': 'int broken(void)\n{\n\tint y = ;\n\tcall_it();\n\treturn 0;\n}\n',
      'include/h.h': '#define H 1\nstruct s { int (*op)(void); };\n',
      'mm/long.c': `int long_line(void)\n{\n${'='.repeat(200_000)}\n}\n`,
      'mm/Makefile': 'obj-y += ok.o broken.o\n',
    };
    const root = writeTree(files);
    const out = join(mkdtempSync(join(tmpdir(), 'memhp-stress-')), 'summary.json');
    const run = await spawnAsync(process.execPath, [
      join(repoRoot, 'dist/stress.js'),
      '--tree',
      root,
      '--workers',
      '2',
      '--graph',
      '--json',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const s = JSON.parse(run.stdout) as Summary;
    const bytes = Object.entries(files)
      .filter(([p]) => /\.[ch]$/.test(p))
      .reduce((n, [, text]) => n + text.length, 0);
    expect({
      files: s.files,
      symlinked: s.symlinked,
      bytes: s.bytes,
      analysed: s.analysed,
      skipped: s.skipped,
      exceptions: s.exceptions,
      parseErrorFiles: s.parseErrorFiles,
      functions: s.functions,
      calls: s.calls,
      bodies: s.bodies,
      slowest: s.slowest.map((x) => x.path).sort(),
      graph: s.graph && { functions: s.graph.functions, edges: s.graph.edges },
    }).toEqual({
      files: 4,
      symlinked: 0,
      bytes,
      analysed: 3,
      skipped: [{ path: 'mm/long.c', reason: 'line 3 is 200000 characters long, over the 131072 limit' }],
      exceptions: [],
      parseErrorFiles: 1,
      functions: 3,
      calls: 2,
      bodies: 3,
      slowest: ['include/h.h', 'mm/broken.c', 'mm/ok.c'],
      graph: { functions: 3, edges: { direct: 1, registered: 0, callback: 0, ops: 0, address: 0 } },
    });
  });
});
