// Webview entry for the call-graph panel: ready handshake, typed message dispatch, filters, before/after,
// the lens (focus, hops, expand, fold), search, selection and keyboard, zoom and scroll kept in
// getState/setState, exports. Renders the host's view model; computes nothing beyond the core's lens.

import { filterGraphView, type GraphViewModel } from '../../core/views/call-graph.js';
import {
  applyLens,
  DEFAULT_HOPS,
  MAX_HOPS,
  searchNodes,
  type GraphLens,
  type LensedGraph,
} from '../../core/views/graph-lens.js';
import type { Handlers, HostToWebview, PanelState, PanelView } from '../../core/views/panel-protocol.js';
import { vscodeApi } from './vscode-api.js';
import { readPalette } from './colors.js';
import { layoutAndDraw, markMatches, markSelection, type Drawing } from './render.js';
import { fillLegend, fillSelect, must } from './dom.js';
import { attachViewport, type Viewport } from './viewport.js';
import { showEdge, showHint, showNode, type DetailActions } from './detail.js';
import { bindKeys } from './keys.js';

const saved = vscodeApi.getState();
let state: PanelState = saved ?? { fit: true, zoom: 1, panX: 0, panY: 0, filter: {}, side: 'after' };
let view: PanelView | undefined;
let drawing: Drawing | undefined;
let shown: LensedGraph | undefined;
let renderCount = 0;

const canvas = must('canvas');
const detail = must('detail');
const search = must('search') as HTMLInputElement;
const viewport: Viewport = attachViewport(
  canvas,
  () => state,
  (next) => save(next),
  must('zoom-level'),
);

function save(next: Partial<PanelState>): void {
  state = { ...state, ...next };
  vscodeApi.setState(state);
}

function lens(): GraphLens {
  return state.lens ?? { hops: DEFAULT_HOPS, expanded: [], collapsed: [] };
}

function setLens(next: Partial<GraphLens>, keep: { centre?: string } = {}): Promise<void> {
  save({ lens: { ...lens(), ...next }, fit: true });
  return render(keep.centre);
}

/** The model after the host's side and the filters: what search and the detail pane look at. */
function filteredModel(): GraphViewModel | undefined {
  if (!view) return undefined;
  const model = state.side === 'before' && view.before ? view.before : view.graph;
  return filterGraphView(model, state.filter);
}

const open = (place: { file: string; line: number; column: number }) =>
  vscodeApi.postMessage({ type: 'reveal', file: place.file, line: place.line, column: place.column });

const actions: DetailActions = {
  open,
  selectNode: (id) => select(id, false, true),
  focus: (id) => void focusOn(id),
  toggleExpand: (id) => {
    const expanded = lens().expanded;
    void setLens(
      { expanded: expanded.includes(id) ? expanded.filter((x) => x !== id) : [...expanded, id] },
      { centre: id },
    );
  },
  toggleCollapse: (id) => {
    const collapsed = lens().collapsed;
    void setLens(
      { collapsed: collapsed.includes(id) ? collapsed.filter((x) => x !== id) : [...collapsed, id] },
      { centre: id },
    );
  },
};

function focusOn(id: string): Promise<void> {
  save({ selected: id, selectedEdge: false });
  return setLens({ around: id }, { centre: id });
}

function showDetail(): void {
  const model = filteredModel();
  if (!model || !state.selected) return showHint(detail);
  if (state.selectedEdge) {
    const e = model.edges.find((x) => x.id === state.selected);
    return e ? showEdge(detail, model, e, actions) : showHint(detail);
  }
  const n = model.nodes.find((x) => x.id === state.selected);
  if (!n) return showHint(detail);
  const l = lens();
  showNode(
    detail,
    model,
    n,
    {
      hidden: shown?.hidden.get(n.id),
      expanded: l.expanded.includes(n.id),
      collapsed: l.collapsed.includes(n.id),
      focused: shown?.around === n.id,
    },
    actions,
  );
}

/** Selects a node (or an edge); brings it into sight and keyboard focus when asked. */
function select(id: string | undefined, edge: boolean, reveal: boolean): void {
  save({ selected: id, selectedEdge: edge && id !== undefined });
  if (drawing) markSelection(drawing.svg, id, readPalette());
  showDetail();
  const box = id && !edge ? drawing?.boxes.get(id) : undefined;
  if (reveal && box) {
    viewport.reveal(box);
    (canvas.querySelector(`g.node[data-id="${CSS.escape(id!)}"]`) as SVGGElement | null)?.focus({
      preventScroll: true,
    });
  }
}

function searchMatches(model: GraphViewModel): Set<string> | undefined {
  const query = state.query?.trim();
  return query ? new Set(searchNodes(model, query).map((n) => n.id)) : undefined;
}

async function render(centre?: string): Promise<void> {
  const model = filteredModel();
  if (!view || !model) return;
  const ticket = ++renderCount;
  must('title').textContent = view.title;
  must('clear-focus').hidden = !view.focus && !view.before;
  const side = must('side');
  side.hidden = !view.before;
  must('side-before').classList.toggle('active', state.side === 'before');
  must('side-after').classList.toggle('active', state.side !== 'before');
  const source = state.side === 'before' && view.before ? view.before : view.graph;
  fillSelect(must('filter-entry') as HTMLSelectElement, source.entries, state.filter.entry, 'all entries');
  fillSelect(must('filter-target') as HTMLSelectElement, source.targets, state.filter.target, 'all targets');
  fillSelect(must('filter-rule') as HTMLSelectElement, source.rules, state.filter.ruleId, 'all rules');
  fillNames(model);
  const lensed = applyLens(model, lens());
  shown = lensed;
  const aroundNode = lensed.around ? model.nodes.find((n) => n.id === lensed.around) : undefined;
  must('lens').hidden = !aroundNode;
  must('lens-name').textContent = aroundNode ? `${aroundNode.name}()` : '';
  must('hops').textContent = String(lens().hops);
  must('status').textContent =
    `${lensed.model.paths.length} of ${view.graph.paths.length} paths · ${lensed.model.nodes.length} of ${model.nodes.length} functions shown · ${view.status}${model.truncated ? ` · ${model.truncated}` : ''}`;
  if (lensed.model.nodes.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent =
      view.graph.paths.length === 0
        ? 'No traced paths (yet): the index may still be running.'
        : 'No path matches these filters.';
    canvas.replaceChildren(empty);
    drawing = undefined;
    showDetail();
    return;
  }
  const next = await layoutAndDraw(
    lensed.model,
    readPalette(),
    { hidden: lensed.hidden, ...(lensed.around ? { around: lensed.around } : {}) },
    {
      onNode: (n) => {
        select(n.id, false, false);
        open(n);
      },
      onEdge: (e) => {
        select(e.id, true, false);
        open(e);
      },
      onMore: (n) => actions.toggleExpand(n.id),
      onHover: (e) => {
        const m = filteredModel();
        if (e && m) showEdge(detail, m, e, actions);
        else showDetail();
      },
    },
  );
  if (ticket !== renderCount) return;
  drawing = next;
  canvas.replaceChildren(next.svg);
  markSelection(next.svg, state.selected, readPalette());
  markMatches(next.svg, searchMatches(model));
  const centreBox = next.boxes.get(centre ?? lensed.around ?? '');
  viewport.show(next, false, centreBox);
  canvas.setAttribute('data-rendered', String(ticket));
  showDetail();
}

function fillNames(model: GraphViewModel): void {
  const list = must('function-names');
  const names = [...new Set(model.nodes.map((n) => n.name))].sort();
  list.replaceChildren(
    ...names.map((name) => {
      const option = document.createElement('option');
      option.value = name;
      return option;
    }),
  );
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
    if (view.focus !== state.focus)
      save({ focus: view.focus, filter: {}, selected: undefined, lens: undefined, fit: true });
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

function changeHops(delta: number): void {
  const l = lens();
  if (!shown?.around) {
    if (state.selected && !state.selectedEdge) void focusOn(state.selected);
    return;
  }
  void setLens({ hops: Math.max(0, Math.min(MAX_HOPS, l.hops + delta)) }, { centre: shown.around });
}

/** Back to every function, scrolled to where the focus was. */
function unfocus(): void {
  const was = shown?.around;
  void setLens({ around: undefined }, was ? { centre: was } : {});
}

/** Focuses the best match of the search box. */
function jumpToMatch(): void {
  const model = filteredModel();
  const best = model && state.query ? searchNodes(model, state.query)[0] : undefined;
  if (!best) return;
  // The search is done: the box empties (nothing stays dimmed) and the focused function takes the keyboard.
  search.value = '';
  save({ query: '' });
  void focusOn(best.id).then(() => select(best.id, false, true));
}

search.value = state.query ?? '';
search.addEventListener('input', () => {
  save({ query: search.value });
  const model = filteredModel();
  if (drawing && model) markMatches(drawing.svg, searchMatches(model));
});
search.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    jumpToMatch();
  } else if (event.key === 'Escape') {
    search.value = '';
    save({ query: '' });
    if (drawing) markMatches(drawing.svg, undefined);
    canvas.focus();
  }
});
must('hops-less').addEventListener('click', () => changeHops(-1));
must('hops-more').addEventListener('click', () => changeHops(1));
must('unfocus').addEventListener('click', () => unfocus());
must('clear-focus').addEventListener('click', () => vscodeApi.postMessage({ type: 'clearFocus' }));
must('zoom-in').addEventListener('click', () => viewport.zoomBy(1.25));
must('zoom-out').addEventListener('click', () => viewport.zoomBy(0.8));
must('zoom-fit').addEventListener('click', () => viewport.fit());
must('export-svg').addEventListener('click', exportSvg);
must('export-dot').addEventListener('click', () =>
  vscodeApi.postMessage({ type: 'exportDot', side: state.side, filter: state.filter, lens: lens() }),
);
window.addEventListener('resize', () => drawing && state.fit && viewport.show(drawing, false));
fillLegend(must('legend'));
bindKeys({
  canvas,
  search,
  boxes: () => drawing?.boxes,
  selected: () => (state.selectedEdge ? undefined : state.selected),
  around: () => shown?.around,
  select: (id) => select(id, false, true),
  openSelected: () => {
    const model = filteredModel();
    const n = model?.nodes.find((x) => x.id === state.selected);
    const e = model?.edges.find((x) => x.id === state.selected);
    if (n) open(n);
    else if (e) open(e);
  },
  focus: (id) => void focusOn(id),
  hops: changeHops,
  toggleExpand: actions.toggleExpand,
  toggleCollapse: actions.toggleCollapse,
  escape: () => {
    if (state.selected) select(undefined, false, false);
    else if (shown?.around) unfocus();
  },
});

vscodeApi.postMessage(state.focus ? { type: 'ready', focus: state.focus } : { type: 'ready' });
