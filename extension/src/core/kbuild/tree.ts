// Which C files of a tree Kbuild does not build under a config, and why, from the tree's Kbuild files.
// The tree root is not read (every top-level directory counts as built); a directory is left out only
// when its parent's Kbuild file decides so, a file only when its directory's does. Other architectures'
// files are not judged here (the resolver leaves them out already).

import { archDir, type KernelConfig } from '../kernel/config.js';
import { ARCH_MAKEFILE, KBUILD_FILE_NAMES } from '../kernel/kbuild.js';
import { parseMakefile } from './parse.js';
import { builtWords, evaluateMakefile } from './evaluate.js';
import { notBuiltReason, type ReadKbuild } from './explain.js';
import { expand, hasUnknown } from './expand.js';

export interface KbuildNote {
  file: string;
  line: number;
  message: string;
}

export interface KbuildVerdicts {
  /** Tree-relative C file -> why Kbuild does not build it. */
  notBuilt: ReadonlyMap<string, string>;
  /** Kbuild files that could not be followed (their directories count as built). */
  notes: readonly KbuildNote[];
}

const EMPTY: KbuildVerdicts = { notBuilt: new Map(), notes: [] };

export function kbuildVerdicts(
  buildFiles: ReadonlyMap<string, string>,
  sources: Iterable<string>,
  config: KernelConfig,
): KbuildVerdicts {
  if (buildFiles.size === 0) return EMPTY;
  const srcarch = archDir(config.arch);
  const base = new Map([
    ['SRCARCH', srcarch],
    ['ARCH', srcarch],
    ['srctree', '.'],
    ['objtree', '.'],
  ]);
  const notes: KbuildNote[] = [];
  const exports = archExports(buildFiles, `arch/${srcarch}/${ARCH_MAKEFILE}`, config, base);
  const readDirs = new Map<string, ReadKbuild | undefined>();
  const read = (dir: string): ReadKbuild | undefined => {
    if (readDirs.has(dir)) return readDirs.get(dir);
    const path = KBUILD_FILE_NAMES.map((n) => `${dir}/${n}`).find((p) => buildFiles.has(p));
    let kb: ReadKbuild | undefined;
    if (path) {
      const vars = new Map([...base, ...exports, ['obj', dir], ['src', dir]]);
      const evaluation = evaluateMakefile(parseMakefile(buildFiles.get(path)!), { config, vars });
      if (evaluation.opaque)
        notes.push({
          file: path,
          line: evaluation.opaque.line,
          message: `Kbuild: ${evaluation.opaque.message}; every file of ${dir}/ counts as built`,
        });
      kb = { path, evaluation, built: builtWords(evaluation) };
    }
    readDirs.set(dir, kb);
    return kb;
  };
  const dirReasons = new Map<string, string | undefined>();
  const dirReason = (dir: string): string | undefined => {
    if (dirReasons.has(dir)) return dirReasons.get(dir);
    const slash = dir.lastIndexOf('/');
    let reason: string | undefined;
    if (slash > 0) {
      const parent = dir.slice(0, slash);
      const inherited = dirReason(parent);
      if (inherited) reason = inherited;
      else {
        const kb = read(parent);
        const own = kb && notBuiltReason(kb, `${dir.slice(slash + 1)}/`);
        if (own) reason = `${dir}/ is not built: ${own}`;
      }
    }
    dirReasons.set(dir, reason);
    return reason;
  };
  const notBuilt = new Map<string, string>();
  for (const file of sources) {
    // Another architecture's files are out already; its Makefiles see its own exports, not these.
    if (!file.endsWith('.c') || (file.startsWith('arch/') && !file.startsWith(`arch/${srcarch}/`))) continue;
    const slash = file.lastIndexOf('/');
    if (slash < 0) continue;
    const dir = file.slice(0, slash);
    const inDir = dirReason(dir);
    if (inDir) {
      notBuilt.set(file, inDir);
      continue;
    }
    const kb = read(dir);
    const own = kb && notBuiltReason(kb, `${file.slice(slash + 1, -2)}.o`);
    if (own) notBuilt.set(file, own);
  }
  notes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { notBuilt, notes };
}

/** Variables arch/$(SRCARCH)/Makefile exports to every directory's build (BITS on x86). */
function archExports(
  buildFiles: ReadonlyMap<string, string>,
  path: string,
  config: KernelConfig,
  base: ReadonlyMap<string, string>,
): Map<string, string> {
  const text = buildFiles.get(path);
  const out = new Map<string, string>();
  if (text === undefined) return out;
  const evaluation = evaluateMakefile(parseMakefile(text), { config, vars: base });
  for (const name of evaluation.exported) {
    if (name === '*') continue;
    const value = expand(`$(${name})`, evaluation.scope).trim();
    if (!hasUnknown(value)) out.set(name, value);
  }
  return out;
}
