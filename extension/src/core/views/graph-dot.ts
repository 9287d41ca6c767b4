// Graphviz DOT text of a call-graph view model (what the panel shows, after its filters): nodes coloured
// by the worst finding, non-direct edges dashed and labelled with their kind, locks held across each call
// listed, patch changes marked.

import type { GraphViewModel } from './call-graph.js';

const FILL = { error: '#f4c7c3', warning: '#fce8b2', info: '#d2e3fc' } as const;

/** A DOT double-quoted string of lines: quotes and backslashes escaped, control characters blanked. */
export function dotString(...lines: string[]): string {
  // eslint-disable-next-line no-control-regex -- DOT labels must not carry control characters
  const escape = (text: string) => text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f\u007f]/g, ' ');
  return `"${lines.map(escape).join('\\n')}"`;
}

export function graphViewDot(model: GraphViewModel): string {
  const out = [
    'digraph memhp_call_graph {',
    '  rankdir=LR;',
    '  node [shape=box, fontname="monospace", style=filled, fillcolor="#ffffff"];',
  ];
  for (const n of model.nodes) {
    const label = [`${n.name}()`, `${n.file}:${n.line}`];
    if (n.findings.length) label.push(n.findings.map((f) => f.ruleId).join(', '));
    const attrs = [`label=${dotString(...label)}`];
    if (n.severity) attrs.push(`fillcolor=${dotString(FILL[n.severity])}`);
    if (n.roles.includes('entry')) attrs.push('penwidth=2');
    if (n.status === 'added') attrs.push('color="#1e8e3e"');
    if (n.status === 'removed') attrs.push('color="#d93025", style="filled,dashed"');
    out.push(`  ${dotString(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of model.edges) {
    const label =
      e.kind === 'direct'
        ? [`${e.file}:${e.line}`]
        : [`${e.kindLabel}${e.via ? ` (${e.via})` : ''}`, `${e.file}:${e.line}`];
    if (e.locks.length) label.push(`holds ${e.locks.join(', ')}`);
    const attrs = [`label=${dotString(...label)}`];
    if (e.kind !== 'direct') attrs.push('style=dashed');
    if (e.status === 'added') attrs.push('color="#1e8e3e"');
    if (e.status === 'removed') attrs.push('color="#d93025"');
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
