// ARCHITECTURE.md's invariants, checked on the source tree: layers import only downward, no import cycles,
// the core stays free of the editor, the file system and the process, and no kernel name is spelled in
// core code outside core/kernel. Each check is also run on a small broken tree to show that it fails.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CORE_LAYERS,
  corePurityViolations,
  importCycles,
  kernelVocabulary,
  layerOf,
  layerViolations,
  strayKernelNames,
  type Sources,
} from './architecture.js';
import { GFP_ALLOCATORS, MAY_SLEEP } from '../../src/core/kernel/sleep.js';
import { LOCK_BY_FN } from '../../src/core/kernel/locks.js';
import { MEMMAP_READERS } from '../../src/core/kernel/model-bindings.js';

const root = join(__dirname, '../../..');

function walk(dir: string, keep: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) out.push(...walk(abs, keep));
    else if (keep(name)) out.push(abs);
  }
  return out.sort();
}

const sources: Sources = new Map(
  walk(join(root, 'extension/src'), (f) => f.endsWith('.ts')).map((f) => [relative(root, f), readFileSync(f, 'utf8')]),
);
const vocabulary = kernelVocabulary(
  walk(join(root, 'test-fixtures'), (f) => /\.[ch]$/.test(f)).map((f) => readFileSync(f, 'utf8')),
  [...sources].filter(([f]) => f.startsWith('extension/src/core/kernel/')).map(([, t]) => t),
  [...MAY_SLEEP, ...GFP_ALLOCATORS, ...LOCK_BY_FN.keys(), ...Object.keys(MEMMAP_READERS)],
);

const core = (path: string, text: string): [string, string] => [`extension/src/core/${path}`, text];

describe('architecture', () => {
  it('puts every core file in a known layer', () => {
    const unknown = [...sources.keys()]
      .filter((f) => f.startsWith('extension/src/core/'))
      .filter((f) => !CORE_LAYERS.includes(layerOf(f)?.slice(5) as never));
    expect(unknown).toEqual([]);
  });

  it('imports only downward: core layers in ARCHITECTURE.md order, surfaces onto the core', () => {
    expect(layerViolations(sources)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(importCycles(sources)).toEqual([]);
  });

  it('keeps the core free of vscode, the file system and the process', () => {
    expect(corePurityViolations(sources)).toEqual([]);
  });

  it('spells no kernel name in core code outside core/kernel', () => {
    expect(vocabulary.has('mem_hotplug_begin')).toBe(true);
    expect(vocabulary.has('devm_memremap_pages')).toBe(true);
    expect(strayKernelNames(sources, vocabulary)).toEqual([]);
  });
});

describe('architecture checks fail on broken trees', () => {
  it('reports an upward import', () => {
    const broken: Sources = new Map([
      core('model/location.ts', "import { Engine } from '../sim/engine.js';\n"),
      core('sim/engine.ts', 'export class Engine {}\n'),
    ]);
    expect(layerViolations(broken)).toEqual([
      {
        file: 'extension/src/core/model/location.ts',
        message: 'core/model must not import core/sim (extension/src/core/sim/engine.ts)',
      },
    ]);
  });

  it('reports a surface the core reaches into, and a surface importing another', () => {
    const broken: Sources = new Map([
      core('report/text.ts', "import type { Ctx } from '../../surfaces/vscode/ctx.js';\n"),
      ['extension/src/surfaces/cli/main.ts', "import { register } from '../vscode/extension.js';\n"],
    ]);
    expect(layerViolations(broken).map((v) => v.message)).toEqual([
      'core/report must not import surfaces/vscode (extension/src/surfaces/vscode/ctx.ts)',
      'surfaces/cli must not import surfaces/vscode (extension/src/surfaces/vscode/extension.ts)',
    ]);
  });

  it('reports a cycle, type-only imports included', () => {
    const broken: Sources = new Map([
      core('sim/engine.ts', "import { CallHandler } from './calls.js';\n"),
      core('sim/calls.ts', "import type { Engine } from './engine.js';\n"),
      core('sim/state.ts', "import type { Engine } from './engine.js';\n"),
    ]);
    expect(importCycles(broken)).toEqual([['extension/src/core/sim/calls.ts', 'extension/src/core/sim/engine.ts']]);
  });

  it('reports vscode, node:fs and process in the core', () => {
    const broken: Sources = new Map([
      core('views/hover.ts', "import * as vscode from 'vscode';\nimport { readFileSync } from 'node:fs';\n"),
      core('report/text.ts', 'export const width = process.stdout.columns;\n'),
    ]);
    expect(corePurityViolations(broken).map((v) => `${v.file}: ${v.message}`)).toEqual([
      'extension/src/core/views/hover.ts: core imports vscode',
      'extension/src/core/views/hover.ts: core imports node:fs',
      'extension/src/core/report/text.ts: core uses process',
    ]);
  });

  it('reports a kernel name in a string, a template or a regex outside core/kernel, and not in comments', () => {
    const broken: Sources = new Map([
      core('sim/engine.ts', "// BUG_ON(x) stops the path.\nconst NO_RETURN = new Set(['BUG_ON']);\n"),
      core(
        'sim/calls.ts',
        'const alloc = (n: string) => /^__?devres_alloc/.test(n) || `${n}`.endsWith(`_or_reset`);\n',
      ),
      core('rules/all/x.ts', 'const m = `${fn}() calls ${callee}()`;\n'),
      core('kernel/control.ts', "export const NO_RETURN_IF = ['BUG_ON'];\n"),
    ]);
    const vocab = new Set(['BUG_ON', 'devres_alloc', 'mem_hotplug_begin']);
    expect(strayKernelNames(broken, vocab).map((v) => `${v.file}: ${v.message}`)).toEqual([
      "extension/src/core/sim/engine.ts: kernel name 'BUG_ON' outside core/kernel",
      "extension/src/core/sim/calls.ts: kernel name 'devres_alloc' outside core/kernel",
    ]);
  });
});
