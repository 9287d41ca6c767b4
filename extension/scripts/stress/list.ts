// Every .c and .h file of a tree, and its Kbuild files. Symbolic links to files count (the tree's own
// symlinked copies are part of it); links to directories are not followed, so nothing is listed twice over.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KBUILD_FILE_NAMES } from '../../src/core/kernel/kbuild.js';

export interface TreeListing {
  sources: string[];
  buildFiles: string[];
  /** Sources reached through a symbolic link (the index's own listing leaves these out). */
  symlinked: string[];
}

export function listWholeTree(root: string): TreeListing {
  const out: TreeListing = { sources: [], buildFiles: [], symlinked: [] };
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const isSource = /\.[ch]$/.test(entry.name);
    const isBuild = KBUILD_FILE_NAMES.includes(entry.name);
    if (!isSource && !isBuild) continue;
    const abs = join(entry.parentPath, entry.name);
    let linked = false;
    if (entry.isSymbolicLink()) {
      try {
        if (!statSync(abs).isFile()) continue;
      } catch {
        continue;
      }
      linked = true;
    } else if (!entry.isFile()) continue;
    const rel = relative(root, abs).split('\\').join('/');
    if (isSource) {
      out.sources.push(rel);
      if (linked) out.symlinked.push(rel);
    } else out.buildFiles.push(rel);
  }
  out.sources.sort();
  out.buildFiles.sort();
  return out;
}
