// Test helper: an in-memory kernel tree (path -> C text) indexed through Workspace.applyChange, and its call graph.

import { createHash } from 'node:crypto';
import { Workspace, type Snapshot } from '../../src/core/workspace/workspace.js';
import { buildCallGraph, type CallGraph } from '../../src/core/callgraph/graph.js';
import { defaultConfig, type KernelConfig } from '../../src/core/kernel/config.js';
import { cParser } from '../syntax/parse.js';

export interface InlineTree {
  workspace: Workspace;
  snapshot: Snapshot;
  graph: CallGraph;
}

export async function inlineTree(
  files: Record<string, string>,
  config: KernelConfig = defaultConfig('x86'),
): Promise<InlineTree> {
  const workspace = new Workspace(await cParser());
  const encoder = new TextEncoder();
  for (const [path, text] of Object.entries(files)) workspace.applyChange(path, encoder.encode(text));
  const snapshot = workspace.snapshot();
  return { workspace, snapshot, graph: buildCallGraph(snapshot, config) };
}

/** `caller -> callee (kind) file:line` for every edge, in graph order: compact and exact. */
export function edgeLines(graph: CallGraph): string[] {
  const name = (id: string) => graph.functions.get(id)?.name ?? id;
  const out: string[] = [];
  for (const [caller, edges] of [...graph.outgoing].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const e of edges)
      out.push(
        `${name(caller)} -> ${name(e.callee)}@${e.callee.split('@')[1]} (${e.kind}${e.via ? ` via ${e.via}` : ''}) ${e.file}:${e.line}`,
      );
  }
  return out;
}

/** Everything a graph holds, in map order, hashed piece by piece: two graphs with one digest are one graph. */
export function graphDigest(graph: CallGraph): string {
  const hash = createHash('sha256');
  const add = (x: unknown) => hash.update(`${JSON.stringify(x)}\n`);
  for (const entry of graph.functions) add(entry);
  for (const entry of graph.outgoing) add(entry);
  for (const entry of graph.incoming) add(entry);
  add(graph.notes);
  add(graph.stats);
  return hash.digest('hex');
}
