// Tree of traced paths for keyboard users: entries -> paths -> steps, each with the place to reveal.
// Plain data for the editor's tree view; labels are built from function names only.

import type { CallGraph } from '../callgraph/graph.js';
import type { CallPath, TraceResult } from '../paths/trace.js';
import { type EdgeKind, EDGE_KIND_LABEL } from '../model/call.js';

export interface TreePlace {
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based. */
  column: number;
}

export interface PathTreeStep extends TreePlace {
  label: string;
  /** `file:line` of the call (or of the definition, for the entry step). */
  description: string;
  kind?: EdgeKind;
}

export interface PathTreePath {
  id: string;
  label: string;
  description: string;
  steps: PathTreeStep[];
}

export interface PathTreeEntry extends TreePlace {
  id: string;
  label: string;
  description: string;
  paths: PathTreePath[];
}

export function buildPathTree(graph: CallGraph, trace: TraceResult): PathTreeEntry[] {
  const entries = new Map<string, PathTreeEntry>();
  trace.paths.forEach((path, index) => {
    let entry = entries.get(path.entry);
    if (!entry) {
      const fn = graph.functions.get(path.entry);
      entry = {
        id: path.entry,
        label: `${nameOf(graph, path.entry)}()`,
        description: fn ? `${fn.file}:${fn.line}` : '',
        file: fn?.file ?? '',
        line: fn?.line ?? 1,
        column: fn?.fact.nameLoc.column ?? 0,
        paths: [],
      };
      entries.set(path.entry, entry);
    }
    entry.paths.push(treePath(graph, path, `p${index}`));
  });
  for (const e of entries.values())
    e.description = `${e.description} · ${e.paths.length} path${e.paths.length === 1 ? '' : 's'}`;
  return [...entries.values()].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

function treePath(graph: CallGraph, path: CallPath, id: string): PathTreePath {
  const names = path.steps.map((s) => `${nameOf(graph, s.fn)}()`);
  const steps: PathTreeStep[] = path.steps.map((s) => {
    if (!s.edge) {
      const fn = graph.functions.get(s.fn);
      const file = fn?.file ?? '';
      const line = fn?.line ?? 1;
      return {
        label: `${nameOf(graph, s.fn)}()`,
        description: `${file}:${line} (entry)`,
        file,
        line,
        column: fn?.fact.nameLoc.column ?? 0,
      };
    }
    const e = s.edge;
    const how = e.kind === 'direct' ? 'calls' : `${EDGE_KIND_LABEL[e.kind]}${e.via ? ` ${e.via}` : ''} ->`;
    return {
      label: `${nameOf(graph, e.caller)}() ${how} ${nameOf(graph, e.callee)}()`,
      description: `${e.file}:${e.line}`,
      file: e.file,
      line: e.line,
      column: e.column,
      kind: e.kind,
    };
  });
  return {
    id,
    label: names.slice(1).join(' → ') || names[0]!,
    description: `${path.steps.length - 1} call${path.steps.length === 2 ? '' : 's'}`,
    steps,
  };
}

function nameOf(graph: CallGraph, id: string): string {
  return graph.functions.get(id)?.name ?? id.split('@')[0]!;
}
