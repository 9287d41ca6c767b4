// Test helper: a fixture tree loaded into a Workspace (text kept), its reader, and one parser per test file.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { PatchSource } from '../../src/core/patch/types.js';
import { compareSides, prepareSeries, type SideResult } from '../../src/core/patch/review.js';
import { createCParser } from '../../src/core/syntax/parser.js';
import { Workspace, type Snapshot } from '../../src/core/workspace/workspace.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { readWasm } from '../../src/surfaces/node/wasm.js';
import type { Review } from '../../src/core/patch/review-report.js';

export const FIXTURES = join(__dirname, '../../../test-fixtures');

let parser: Promise<Parser> | undefined;
export function cParser(): Promise<Parser> {
  parser ??= createCParser(readWasm(__dirname));
  return parser;
}

export interface FixtureTree {
  parser: Parser;
  workspace: Workspace;
  readTree: (path: string) => string | undefined;
}

export async function fixtureTree(name = 'linux-4.19-shape'): Promise<FixtureTree> {
  const root = join(FIXTURES, name);
  const p = await cParser();
  const workspace = new Workspace(p, undefined, true);
  loadTree(workspace, root, listTreeFiles(root));
  const readTree = (path: string) => {
    const abs = join(root, path);
    return existsSync(abs) && statSync(abs).isFile() ? readFileSync(abs, 'utf8') : undefined;
  };
  return { parser: p, workspace, readTree };
}

export function fixtureSources(...files: string[]): PatchSource[] {
  return files.map((f) => ({ name: f, bytes: readFileSync(join(FIXTURES, f)) }));
}

/**
 * A review of `patches` over the fixture tree whose two sides come from `analyse` (hand-built findings),
 * for the formatter and patch-check tests: the apply and the patch-local checks are the real ones.
 */
export async function reviewWith(
  tree: FixtureTree,
  patches: readonly PatchSource[],
  analyse: (snapshot: Snapshot) => SideResult = () => ({ findings: [], paths: [] }),
): Promise<Review> {
  const base = tree.workspace.snapshot();
  const prepared = await prepareSeries(base, patches, tree.readTree);
  return compareSides(prepared, analyse(base), analyse(prepared.afterSnapshot));
}
