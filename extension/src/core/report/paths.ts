// Formats traced call paths as text (a chain line, then one line per call with file:line), JSON or DOT.

import type { CallGraph } from '../callgraph/graph.js';
import { chainText, nameOf, type TraceResult } from '../paths/trace.js';
import { terminalSafe } from './escape.js';
import { type CallStep, EDGE_KIND_LABEL } from '../model/call.js';

function stepText(graph: CallGraph, edge: CallStep): string {
  const caller = `${nameOf(graph, edge.caller)}()`;
  const callee = `${nameOf(graph, edge.callee)}()`;
  switch (edge.kind) {
    case 'direct':
      return `${caller} calls ${callee}`;
    case 'registered':
      return `${caller} registers ${callee} with ${edge.via}() (${EDGE_KIND_LABEL.registered}: runs later)`;
    case 'callback':
      return `${caller} passes ${callee} to ${edge.via}() (${EDGE_KIND_LABEL.callback})`;
    case 'ops':
      return `${caller} calls ${callee} through ${edge.via} (${EDGE_KIND_LABEL.ops})`;
    case 'address':
      return `${caller} takes the address of ${callee} (${EDGE_KIND_LABEL.address})`;
  }
}

export function formatPathsText(graph: CallGraph, result: TraceResult): string {
  const lines: string[] = [];
  for (const path of result.paths) {
    lines.push(chainText(graph, path));
    for (const step of path.steps) {
      if (!step.edge) continue;
      const more = step.alsoAt?.length
        ? ` (also at line${step.alsoAt.length > 1 ? 's' : ''} ${step.alsoAt.join(', ')})`
        : '';
      lines.push(`    ${step.edge.file}:${step.edge.line}  ${stepText(graph, step.edge)}${more}`);
    }
    lines.push('');
  }
  lines.push(`${result.paths.length} path${result.paths.length === 1 ? '' : 's'}`);
  if (result.truncated) lines.push(`truncated: ${result.truncated.message}`);
  return terminalSafe(lines.join('\n'));
}

export function pathsJson(graph: CallGraph, result: TraceResult): object {
  return {
    paths: result.paths.map((p) => ({
      entry: nameOf(graph, p.entry),
      target: nameOf(graph, p.target),
      chain: chainText(graph, p),
      steps: p.steps.map((s) => {
        const fn = graph.functions.get(s.fn);
        return {
          function: fn?.name ?? s.fn,
          id: s.fn,
          definedAt: fn ? { file: fn.file, line: fn.line } : null,
          call: s.edge
            ? {
                kind: s.edge.kind,
                file: s.edge.file,
                line: s.edge.line,
                column: s.edge.column + 1,
                ...(s.edge.via ? { via: s.edge.via } : {}),
              }
            : null,
          ...(s.alsoAt?.length ? { alsoAtLines: s.alsoAt } : {}),
        };
      }),
    })),
    truncated: result.truncated ?? null,
    missing: result.missing,
  };
}

export function formatPathsDot(graph: CallGraph, result: TraceResult): string {
  const nodes = new Set<string>();
  const edges = new Map<string, CallStep>();
  for (const p of result.paths) {
    for (const s of p.steps) {
      nodes.add(s.fn);
      if (s.edge) edges.set(`${s.edge.caller}->${s.edge.callee}`, s.edge);
    }
  }
  // eslint-disable-next-line no-control-regex -- DOT labels must not carry control characters
  const q = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f]/g, ' ')}"`;
  // A label's line break is DOT's own `\n` escape, added after quoting so it is not escaped itself.
  const label = (...lines: string[]) => `"${lines.map((l) => q(l).slice(1, -1)).join('\\n')}"`;
  const lines = ['digraph memhp_paths {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];'];
  for (const id of [...nodes].sort()) {
    const fn = graph.functions.get(id);
    lines.push(`  ${q(id)} [label=${label(`${nameOf(graph, id)}()`, fn ? `${fn.file}:${fn.line}` : '')}];`);
  }
  for (const e of [...edges.values()].sort((a, b) => (a.caller + a.callee < b.caller + b.callee ? -1 : 1))) {
    const style = e.kind === 'direct' ? '' : `, style=dashed`;
    const where = `${e.file}:${e.line}`;
    lines.push(
      `  ${q(e.caller)} -> ${q(e.callee)} [label=${e.kind === 'direct' ? label(where) : label(EDGE_KIND_LABEL[e.kind], where)}${style}];`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}
