// Which kernel root a file belongs to when a workspace has several: the deepest root that contains it.
// Plain paths, no editor types, so the editor and the language server route documents the same way.

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The file that makes a folder a kernel root. */
export const ROOT_MARKER = 'mm/memory_hotplug.c';

export function isKernelRoot(dir: string): boolean {
  return existsSync(join(dir, ROOT_MARKER));
}

/** The root in `roots` (absolute, '/'-separated) that holds `path`: the longest one when roots nest. */
export function containingRoot(path: string, roots: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const root of roots) {
    const base = root.endsWith('/') ? root : `${root}/`;
    if (path.startsWith(base) && (!best || root.length > best.length)) best = root;
  }
  return best;
}
