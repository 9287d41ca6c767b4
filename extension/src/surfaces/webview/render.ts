// Lays out a graph view model with ELK (layered, callers above callees) and draws it as SVG built from DOM
// nodes; every name reaches the page through textContent. Edges carry only their kind; the locks held
// across a call are in the edge's tooltip and the detail pane. The layout library is confined to this file.

import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdgeView, GraphNodeView, GraphViewModel } from '../../core/views/call-graph.js';
import type { NodeHidden } from '../../core/views/graph-lens.js';
import { EDGE_DASH, type Palette } from './colors.js';
import type { Box } from './navigate.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Text sizes in graph units; at the default zoom (never below 1) one unit is one CSS pixel. */
export const NAME_SIZE = 14;
const SMALL = 12;
const LINE = 19;
const PAD = 10;

export interface Drawing {
  svg: SVGSVGElement;
  width: number;
  height: number;
  /** Laid-out box of each drawn node, in graph units. */
  boxes: Map<string, Box>;
}

export interface DrawHandlers {
  onNode(node: GraphNodeView): void;
  onEdge(edge: GraphEdgeView): void;
  /** The node's "+N callers / callees" or folded line was clicked. */
  onMore(node: GraphNodeView): void;
  /** Pointer entered (edge) or left (undefined) an edge. */
  onHover(edge: GraphEdgeView | undefined): void;
}

export interface DrawOptions {
  hidden: ReadonlyMap<string, NodeHidden>;
  around?: string;
}

type LineKind = 'name' | 'place' | 'finding' | 'more';

const elk = new ELK();
let measureContext: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string, size: number, font: string, bold = false): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * size * 0.62;
  measureContext.font = `${bold ? '600 ' : ''}${size}px ${font}`;
  return measureContext.measureText(text).width;
}

/** What hides behind a node, as one line: "+2 callers · +3 callees", "7 functions, 9 paths folded". */
export function hiddenLine(hidden: NodeHidden | undefined): string | undefined {
  if (!hidden) return undefined;
  const parts: string[] = [];
  if (hidden.callers) parts.push(`+${hidden.callers} caller${hidden.callers > 1 ? 's' : ''}`);
  if (hidden.callees) parts.push(`+${hidden.callees} callee${hidden.callees > 1 ? 's' : ''}`);
  if (hidden.folded)
    parts.push(
      `${hidden.folded.functions} function${hidden.folded.functions === 1 ? '' : 's'} folded (${hidden.folded.paths} path${hidden.folded.paths === 1 ? '' : 's'})`,
    );
  return parts.length ? parts.join(' · ') : undefined;
}

function nodeLines(n: GraphNodeView, hidden: NodeHidden | undefined): { text: string; size: number; kind: LineKind }[] {
  const lines: { text: string; size: number; kind: LineKind }[] = [
    { text: `${n.name}()`, size: NAME_SIZE, kind: 'name' },
    { text: `${n.file}:${n.line}`, size: SMALL, kind: 'place' },
  ];
  for (const f of n.findings)
    lines.push({
      text: `${f.severity}: ${f.ruleId}${f.count > 1 ? ` ×${f.count}` : ''}`,
      size: SMALL,
      kind: 'finding',
    });
  const more = hiddenLine(hidden);
  if (more) lines.push({ text: more, size: SMALL, kind: 'more' });
  return lines;
}

/** An edge's label: its kind (and the registrar or ops member) when it is not a direct call. */
function edgeLabel(e: GraphEdgeView): string | undefined {
  return e.kind === 'direct' ? undefined : `${e.kindLabel}${e.via ? `: ${e.via}` : ''}`;
}

/** The locks held across a call, as the tooltip and the detail pane say it. */
export function locksText(e: GraphEdgeView): string {
  return e.locks.length
    ? `holding ${e.locks.join(', ')}`
    : e.replayed === false
      ? 'not reached by the replay'
      : 'no lock held';
}

export async function layoutAndDraw(
  model: GraphViewModel,
  palette: Palette,
  options: DrawOptions,
  handlers: DrawHandlers,
): Promise<Drawing> {
  const children: ElkNode[] = model.nodes.map((n) => {
    const lines = nodeLines(n, options.hidden.get(n.id));
    const width = Math.max(...lines.map((l) => textWidth(l.text, l.size, palette.font, l.kind === 'name'))) + 2 * PAD;
    return { id: n.id, width, height: lines.length * LINE + PAD };
  });
  const edges: ElkExtendedEdge[] = model.edges.map((e) => {
    const label = edgeLabel(e);
    return {
      id: e.id,
      sources: [e.from],
      targets: [e.to],
      labels: label
        ? [{ id: `${e.id}#label`, text: label, width: textWidth(label, SMALL, palette.font) + 4, height: LINE }]
        : [],
    };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '46',
      'elk.spacing.nodeNode': '22',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
    },
    children,
    edges,
  };
  const laid = await elk.layout(root);
  const width = Math.ceil(laid.width ?? 0);
  const height = Math.ceil(laid.height ?? 0);
  const svg = el('svg', {
    width: String(width),
    height: String(height),
    viewBox: `0 0 ${width} ${height}`,
    'font-family': palette.font,
    role: 'img',
  });
  svg.append(
    arrowMarker('arrow', palette.foreground),
    arrowMarker('arrow-selected', palette.selected),
    arrowMarker('arrow-added', palette.added),
    arrowMarker('arrow-removed', palette.removed),
  );
  const edgeById = new Map(model.edges.map((e) => [e.id, e]));
  const edgeLayer = el('g', { class: 'edges' });
  for (const laidEdge of laid.edges ?? []) {
    const e = edgeById.get(laidEdge.id);
    if (e) edgeLayer.append(drawEdge(e, laidEdge, palette, handlers));
  }
  const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
  const nodeLayer = el('g', { class: 'nodes' });
  const boxes = new Map<string, Box>();
  // Document order is reading order (rows top to bottom, left to right), so Tab walks the graph as it reads.
  const placed = [...(laid.children ?? [])].sort((a, b) => (a.y ?? 0) - (b.y ?? 0) || (a.x ?? 0) - (b.x ?? 0));
  for (const laidNode of placed) {
    const n = nodeById.get(laidNode.id);
    if (!n) continue;
    boxes.set(n.id, {
      x: laidNode.x ?? 0,
      y: laidNode.y ?? 0,
      width: laidNode.width ?? 0,
      height: laidNode.height ?? 0,
    });
    nodeLayer.append(drawNode(n, laidNode, palette, options, handlers));
  }
  svg.append(edgeLayer, nodeLayer);
  return { svg, width, height, boxes };
}

function drawNode(
  n: GraphNodeView,
  box: ElkNode,
  palette: Palette,
  options: DrawOptions,
  handlers: DrawHandlers,
): SVGGElement {
  const x = box.x ?? 0;
  const y = box.y ?? 0;
  const w = box.width ?? 0;
  const h = box.height ?? 0;
  const stroke =
    n.status === 'added'
      ? palette.added
      : n.status === 'removed'
        ? palette.removed
        : n.roles.includes('entry')
          ? palette.entry
          : n.roles.includes('target')
            ? palette.target
            : palette.border;
  const isAround = n.id === options.around;
  const classes = ['node', ...n.roles.map((r) => `role-${r}`)];
  if (n.status) classes.push(`status-${n.status}`);
  if (isAround) classes.push('around');
  const g = el('g', { class: classes.join(' '), tabindex: '0', role: 'button', 'data-id': n.id });
  const hidden = options.hidden.get(n.id);
  g.setAttribute(
    'aria-label',
    `${n.name}() at ${n.file}:${n.line}${n.findings.length ? `, ${n.findings.length} finding kinds` : ''}${hidden ? `, ${hiddenLine(hidden)}` : ''}`,
  );
  if (isAround)
    g.append(
      el('rect', {
        x: String(x - 4),
        y: String(y - 4),
        width: String(w + 8),
        height: String(h + 8),
        rx: '6',
        fill: 'none',
        stroke: palette.selected,
        'stroke-width': '2',
        class: 'around-ring',
      }),
    );
  const rect = el('rect', {
    x: String(x),
    y: String(y),
    width: String(w),
    height: String(h),
    rx: '4',
    fill: palette.background,
    stroke,
    'stroke-width': n.roles.includes('inner') ? '1.2' : '2.5',
    class: 'frame',
  });
  if (n.status === 'removed') rect.setAttribute('stroke-dasharray', '5 3');
  g.append(rect);
  if (n.severity)
    g.append(
      el('rect', {
        x: String(x),
        y: String(y),
        width: String(w),
        height: String(h),
        rx: '4',
        fill: palette.severity[n.severity],
        'fill-opacity': '0.22',
        stroke: 'none',
      }),
    );
  nodeLines(n, hidden).forEach((line, i) => {
    const fill =
      line.kind === 'place' || line.kind === 'more'
        ? palette.muted
        : line.kind === 'finding'
          ? palette.severity[n.severity ?? 'info']
          : palette.foreground;
    const text = el('text', {
      x: String(x + PAD),
      y: String(y + PAD / 2 + LINE * (i + 1) - 5),
      'font-size': String(line.size),
      fill,
      class: line.kind,
    });
    if (line.kind === 'name') text.setAttribute('font-weight', '600');
    text.textContent = line.text;
    if (line.kind === 'more')
      text.addEventListener('click', (event) => {
        event.stopPropagation();
        handlers.onMore(n);
      });
    g.append(text);
  });
  const title = el('title', {});
  title.textContent = `${n.name}() — ${n.file}:${n.line}; click or Enter to open`;
  g.append(title);
  g.addEventListener('click', () => handlers.onNode(n));
  return g;
}

function drawEdge(e: GraphEdgeView, laid: ElkExtendedEdge, palette: Palette, handlers: DrawHandlers): SVGGElement {
  const g = el('g', { class: `edge kind-${e.kind}${e.status ? ` status-${e.status}` : ''}`, 'data-id': e.id });
  const d = (laid.sections ?? [])
    .map((s) =>
      [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]
        .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`)
        .join(' '),
    )
    .join(' ');
  const color = e.status === 'added' ? palette.added : e.status === 'removed' ? palette.removed : palette.foreground;
  const marker = e.status === 'added' ? 'arrow-added' : e.status === 'removed' ? 'arrow-removed' : 'arrow';
  const line = el('path', {
    d,
    fill: 'none',
    stroke: color,
    'stroke-width': e.status === 'added' ? '2.2' : '1.3',
    'marker-end': `url(#${marker})`,
    class: 'line',
    'data-stroke': color,
    'data-marker': marker,
  });
  if (EDGE_DASH[e.kind]) line.setAttribute('stroke-dasharray', EDGE_DASH[e.kind]);
  const hit = el('path', { d, fill: 'none', stroke: 'transparent', 'stroke-width': '12', class: 'hit' });
  const title = el('title', {});
  title.textContent = `${e.kindLabel}${e.via ? ` (${e.via})` : ''} at ${e.file}:${e.line}, ${locksText(e)}; click to open the call site`;
  g.append(line, hit, title);
  for (const label of laid.labels ?? []) {
    const text = el('text', {
      x: String((label.x ?? 0) + 2),
      y: String((label.y ?? 0) + LINE - 5),
      'font-size': String(SMALL),
      fill: palette.muted,
      class: 'edge-label',
    });
    text.textContent = label.text ?? '';
    g.append(text);
  }
  g.addEventListener('click', () => handlers.onEdge(e));
  g.addEventListener('mouseenter', () => handlers.onHover(e));
  g.addEventListener('mouseleave', () => handlers.onHover(undefined));
  return g;
}

/** Marks the selected node or edge in a drawn graph without laying it out again. */
export function markSelection(svg: SVGSVGElement, selected: string | undefined, palette: Palette): void {
  for (const g of svg.querySelectorAll('g.node'))
    g.classList.toggle('selected', g.getAttribute('data-id') === selected);
  for (const g of svg.querySelectorAll('g.edge')) {
    const on = g.getAttribute('data-id') === selected;
    g.classList.toggle('selected', on);
    const line = g.querySelector('path.line');
    if (!line) continue;
    line.setAttribute('stroke', on ? palette.selected : (line.getAttribute('data-stroke') ?? palette.foreground));
    line.setAttribute('stroke-width', on ? '2.8' : line.closest('.status-added') ? '2.2' : '1.3');
    line.setAttribute('marker-end', `url(#${on ? 'arrow-selected' : (line.getAttribute('data-marker') ?? 'arrow')})`);
  }
}

/** Marks the nodes matching the search box; the others are dimmed while there is a query. */
export function markMatches(svg: SVGSVGElement, matches: ReadonlySet<string> | undefined): void {
  for (const g of svg.querySelectorAll('g.node')) {
    const id = g.getAttribute('data-id') ?? '';
    g.classList.toggle('match', matches?.has(id) ?? false);
    g.classList.toggle('dimmed', matches !== undefined && !matches.has(id));
  }
}

function arrowMarker(id: string, color: string): SVGMarkerElement {
  const marker = el('marker', {
    id,
    viewBox: '0 0 10 10',
    refX: '10',
    refY: '5',
    markerWidth: '7',
    markerHeight: '7',
    orient: 'auto-start-reverse',
  });
  marker.append(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: color }));
  return marker;
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}
