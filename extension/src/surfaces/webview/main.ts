// Webview entry for the call-graph panel: ready handshake, typed message dispatch, filters, before/after,
// zoom and pan kept in getState/setState, exports. Renders the host's view model; computes nothing else.

import {
  filterGraphView,
  type GraphEdgeView,
  type GraphNodeView,
  type GraphViewModel,
} from '../../core/views/call-graph.js';
import type { Handlers, HostToWebview, PanelState, PanelView } from '../../core/views/panel-protocol.js';
import { vscodeApi } from './vscode-api.js';
import { readPalette } from './colors.js';
import { layoutAndDraw, type Drawing } from './render.js';
import { fillLegend, fillSelect, must } from './dom.js';
import { attachViewport, type Viewport } from './viewport.js';

const saved = vscodeApi.getState();
let state: PanelState = saved ?? { fit: true, zoom: 1, panX: 0, panY: 0, filter: {}, side: 'after' };
let view: PanelView | undefined;
let drawing: Drawing | undefined;
let renderCount = 0;

const canvas = must('canvas');
const viewport: Viewport = attachViewport(
  canvas,
  () => state,
  (next) => save(next),
);

function save(next: Partial<PanelState>): void {
  state = { ...state, ...next };
  vscodeApi.setState(state);
}

function currentModel(): GraphViewModel | undefined {
  if (!view) return undefined;
  const model = state.side === 'before' && view.before ? view.before : view.graph;
  return filterGraphView(model, state.filter);
}

const drawHandlers = {
  onNode: (n: GraphNodeView) => {
    save({ selected: n.id });
    for (const g of canvas.querySelectorAll('g.node'))
      g.classList.toggle('selected', g.getAttribute('data-id') === n.id);
    vscodeApi.postMessage({ type: 'reveal', file: n.file, line: n.line, column: n.column });
  },
  onEdge: (e: GraphEdgeView) => vscodeApi.postMessage({ type: 'reveal', file: e.file, line: e.line, column: e.column }),
};

async function render(): Promise<void> {
  const model = currentModel();
  if (!view || !model) return;
  const ticket = ++renderCount;
  must('title').textContent = view.title;
  must('clear-focus').hidden = !view.focus && !view.before;
  must('status').textContent =
    `${model.paths.length} of ${view.graph.paths.length} paths · ${model.nodes.length} functions · ${view.status}${model.truncated ? ` · ${model.truncated}` : ''}`;
  const side = must('side');
  side.hidden = !view.before;
  must('side-before').classList.toggle('active', state.side === 'before');
  must('side-after').classList.toggle('active', state.side !== 'before');
  const source = state.side === 'before' && view.before ? view.before : view.graph;
  fillSelect(must('filter-entry') as HTMLSelectElement, source.entries, state.filter.entry);
  fillSelect(must('filter-target') as HTMLSelectElement, source.targets, state.filter.target);
  fillSelect(must('filter-rule') as HTMLSelectElement, source.rules, state.filter.ruleId);
  if (model.nodes.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent =
      view.graph.paths.length === 0
        ? 'No traced paths (yet): the index may still be running.'
        : 'No path matches these filters.';
    canvas.replaceChildren(empty);
    drawing = undefined;
    return;
  }
  (must('show-locks') as HTMLInputElement).checked = state.showLocks !== false;
  const next = await layoutAndDraw(
    model,
    readPalette(),
    { showLocks: state.showLocks !== false, ...(state.selected ? { selected: state.selected } : {}) },
    drawHandlers,
  );
  if (ticket !== renderCount) return;
  drawing = next;
  canvas.replaceChildren(next.svg);
  canvas.setAttribute('data-rendered', String(ticket));
  viewport.show(next, false);
}

function exportSvg(): void {
  if (!drawing) return;
  const copy = drawing.svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('viewBox', `0 0 ${drawing.width} ${drawing.height}`);
  copy.setAttribute('width', String(drawing.width));
  copy.setAttribute('height', String(drawing.height));
  for (const hit of copy.querySelectorAll('.hit')) hit.remove();
  vscodeApi.postMessage({ type: 'exportSvg', svg: new XMLSerializer().serializeToString(copy) });
}

const handlers: Handlers<HostToWebview> = {
  show: (m) => {
    view = m.view;
    if (view.focus !== state.focus) save({ focus: view.focus, filter: {}, selected: undefined, fit: true });
    if (!view.before && state.side === 'before') save({ side: 'after' });
    void render();
  },
};

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const handler = handlers[event.data?.type] as ((m: HostToWebview) => void) | undefined;
  handler?.(event.data);
});

for (const [id, key] of [
  ['filter-entry', 'entry'],
  ['filter-target', 'target'],
  ['filter-rule', 'ruleId'],
] as const) {
  must(id).addEventListener('change', (event) => {
    const value = (event.target as HTMLSelectElement).value;
    save({ filter: { ...state.filter, [key]: value || undefined }, fit: true });
    void render();
  });
}
must('side-before').addEventListener('click', () => {
  save({ side: 'before', fit: true });
  void render();
});
must('side-after').addEventListener('click', () => {
  save({ side: 'after', fit: true });
  void render();
});
must('show-locks').addEventListener('change', (event) => {
  save({ showLocks: (event.target as HTMLInputElement).checked, fit: true });
  void render();
});
must('clear-focus').addEventListener('click', () => vscodeApi.postMessage({ type: 'clearFocus' }));
must('zoom-in').addEventListener('click', () => viewport.zoomBy(1.25));
must('zoom-out').addEventListener('click', () => viewport.zoomBy(0.8));
must('zoom-fit').addEventListener('click', () => drawing && viewport.show(drawing, true));
must('export-svg').addEventListener('click', exportSvg);
must('export-dot').addEventListener('click', () =>
  vscodeApi.postMessage({ type: 'exportDot', side: state.side, filter: state.filter }),
);
window.addEventListener('resize', () => drawing && viewport.show(drawing, false));
fillLegend(must('legend'));

vscodeApi.postMessage(state.focus ? { type: 'ready', focus: state.focus } : { type: 'ready' });
