// Front-end recall on the real kernel: every function universal-ctags finds in Debian 6.1's mm/*.c should
// be found by our front end too (>= 99.5 %). Prints the figure, the misses and what we find beyond ctags.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseSource } from '../../src/core/syntax/frontend.js';
import { cParser } from '../syntax/parse.js';
import { ensureUniversalCtags, forEachYielding, kernelRoot } from './kernel.js';

interface Definition {
  file: string;
  name: string;
  line: number;
}

/** ctags' function definitions: `name  function  line  file  text` per line of `ctags -x`. */
function ctagsDefinitions(root: string, files: string[]): Definition[] {
  const out = execFileSync('ctags', ['-x', '--sort=no', '--kinds-c=f', '--language-force=C', ...files], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const defs: Definition[] = [];
  for (const row of out.split('\n')) {
    const m = /^(\S+)\s+function\s+(\d+)\s+(\S+)/.exec(row);
    if (m) defs.push({ name: m[1]!, line: Number(m[2]), file: m[3]! });
  }
  return defs;
}

describe('ctags recall on Debian linux-source-6.1 mm/*.c', () => {
  let ctags: Definition[];
  let ours: Definition[];
  let lineOf: Map<string, Set<number>>;

  beforeAll(async () => {
    const root = kernelRoot();
    ensureUniversalCtags();
    const files = readdirSync(join(root, 'mm'))
      .filter((f) => f.endsWith('.c'))
      .sort()
      .map((f) => `mm/${f}`);
    ctags = ctagsDefinitions(root, files);
    const parser = await cParser();
    ours = [];
    lineOf = new Map();
    await forEachYielding(files, (file) => {
      const result = analyseSource(parser, file, readFileSync(join(root, file)));
      if (!result.ok) throw new Error(`${file}: ${result.reason}`);
      for (const fn of result.facts.functions) {
        ours.push({ file, name: fn.name, line: fn.nameLoc.line });
        // ctags puts a definition on the line of its name; ours may start a line or two earlier (return type).
        const lines = lineOf.get(file) ?? new Set<number>();
        for (let l = fn.span.start.line; l <= fn.nameLoc.line; l++) lines.add(l);
        lineOf.set(file, lines);
      }
    });
  });

  it('finds at least 99.5 % of the function definitions ctags finds', () => {
    const byName = new Set(ours.map((d) => `${d.file}\0${d.name}`));
    // Matched by name, or by line where ctags names a definition after its macro (SYSCALL_DEFINE3, which
    // we name sys_NAME as the kernel does) or otherwise misreads it.
    const matched = (d: Definition) => byName.has(`${d.file}\0${d.name}`) || lineOf.get(d.file)?.has(d.line) === true;
    const misses = ctags.filter((d) => !matched(d));
    const hit = ctags.length - misses.length;
    const recall = (100 * hit) / ctags.length;
    const ctagsByName = new Set(ctags.map((d) => `${d.file}\0${d.name}`));
    const ctagsLines = new Set(ctags.map((d) => `${d.file}\0${d.line}`));
    const extra = ours.filter(
      (d) => !ctagsByName.has(`${d.file}\0${d.name}`) && !ctagsLines.has(`${d.file}\0${d.line}`),
    );
    const report = [
      `ctags recall: ${hit}/${ctags.length} = ${recall.toFixed(2)} %`,
      `misses (${misses.length}):`,
      ...misses.map((d) => `  ${d.file}:${d.line} ${d.name}`),
      `found by us, not by ctags: ${extra.length}${extra.length ? ', e.g.' : ''}`,
      ...extra.slice(0, 8).map((d) => `  ${d.file}:${d.line} ${d.name}`),
    ];
    console.log(report.join('\n'));
    expect(ctags.length).toBeGreaterThan(5000);
    expect(recall).toBeGreaterThanOrEqual(99.5);
  });
});
