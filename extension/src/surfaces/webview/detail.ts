// The detail pane under the graph: the selected (or hovered) call with the locks held across it, or the
// selected function with its calls in and out and the actions on it. Text goes in through textContent
// only. Browser-only.

import type { GraphEdgeView, GraphNodeView, GraphViewModel } from '../../core/views/call-graph.js';
import type { NodeHidden } from '../../core/views/graph-lens.js';
import { hiddenLine } from './render.js';

export interface DetailActions {
  open(place: { file: string; line: number; column: number }): void;
  selectNode(id: string): void;
  focus(id: string): void;
  toggleExpand(id: string): void;
  toggleCollapse(id: string): void;
}

export interface NodeDetailState {
  hidden: NodeHidden | undefined;
  expanded: boolean;
  collapsed: boolean;
  focused: boolean;
}

const HINT =
  'Click or Tab to a function, arrows move between functions · Enter opens the source · f focuses · +/− hops · e expands · c collapses · / searches · Esc clears';

export function showHint(pane: HTMLElement): void {
  pane.replaceChildren(line('hint', HINT));
  pane.dataset.kind = 'hint';
}

export function showEdge(pane: HTMLElement, model: GraphViewModel, e: GraphEdgeView, actions: DetailActions): void {
  const names = new Map(model.nodes.map((n) => [n.id, n.name]));
  const head = line('head', '');
  head.append(
    button(`${names.get(e.from) ?? e.from}()`, () => actions.selectNode(e.from)),
    text(' calls '),
    button(`${names.get(e.to) ?? e.to}()`, () => actions.selectNode(e.to)),
    text(` · ${e.kindLabel}${e.via ? ` (${e.via})` : ''} at `),
    button(`${e.file}:${e.line}`, () => actions.open(e)),
  );
  const locks = line(
    'locks',
    e.locks.length
      ? 'Locks held across this call: '
      : e.replayed === false
        ? 'The replay did not reach this call (its branch is not taken in this scenario): no locks known.'
        : 'No lock held across this call.',
  );
  for (const [i, lock] of e.locks.entries()) {
    const name = document.createElement('code');
    name.textContent = lock;
    locks.append(...(i ? [text(', ')] : []), name);
  }
  pane.replaceChildren(head, locks);
  pane.dataset.kind = 'edge';
  pane.dataset.id = e.id;
}

export function showNode(
  pane: HTMLElement,
  model: GraphViewModel,
  n: GraphNodeView,
  state: NodeDetailState,
  actions: DetailActions,
): void {
  const names = new Map(model.nodes.map((m) => [m.id, m.name]));
  const head = line('head', '');
  const name = document.createElement('strong');
  name.textContent = `${n.name}()`;
  head.append(
    name,
    text(' '),
    button(`${n.file}:${n.line}`, () => actions.open(n)),
  );
  if (n.findings.length) head.append(text(` · ${n.findings.map((f) => `${f.severity}: ${f.ruleId}`).join(', ')}`));
  const more = hiddenLine(state.hidden);
  if (more) head.append(text(` · ${more}`));
  const tools = line('tools', '');
  tools.append(
    button(state.focused ? 'Focused' : 'Focus (f)', () => actions.focus(n.id), state.focused),
    button(state.expanded ? 'Unexpand (e)' : 'Expand neighbours (e)', () => actions.toggleExpand(n.id)),
    button(state.collapsed ? 'Unfold paths (c)' : 'Fold paths below (c)', () => actions.toggleCollapse(n.id)),
  );
  const calls = (title: string, edges: GraphEdgeView[], other: (e: GraphEdgeView) => string) => {
    const block = line('calls', edges.length ? `${title}:` : `${title}: none on the traced paths`);
    const list = document.createElement('ul');
    for (const e of edges) {
      const item = document.createElement('li');
      item.append(
        button(`${names.get(other(e)) ?? other(e)}()`, () => actions.selectNode(other(e))),
        text(' at '),
        button(`${e.file}:${e.line}`, () => actions.open(e)),
        text(
          `${e.kind === 'direct' ? '' : ` (${e.kindLabel})`}${e.locks.length ? ` holding ${e.locks.join(', ')}` : e.replayed === false ? ' (not reached by the replay)' : ''}`,
        ),
      );
      list.append(item);
    }
    if (edges.length) block.append(list);
    return block;
  };
  pane.replaceChildren(
    head,
    tools,
    calls(
      'Called from',
      model.edges.filter((e) => e.to === n.id),
      (e) => e.from,
    ),
    calls(
      'Calls',
      model.edges.filter((e) => e.from === n.id),
      (e) => e.to,
    ),
  );
  pane.dataset.kind = 'node';
  pane.dataset.id = n.id;
}

function line(cls: string, content: string): HTMLDivElement {
  const div = document.createElement('div');
  div.className = cls;
  div.textContent = content;
  return div;
}

function text(content: string): Text {
  return document.createTextNode(content);
}

function button(label: string, onClick: () => void, disabled = false): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'link';
  b.textContent = label;
  b.disabled = disabled;
  b.addEventListener('click', onClick);
  return b;
}
