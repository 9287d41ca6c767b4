// Lays out a graph view model with ELK (layered, entries at the top) and draws it as SVG built from DOM nodes;
// every name reaches the page through textContent. The layout library is confined to this file.

import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { GraphEdgeView, GraphNodeView, GraphViewModel } from '../../core/views/call-graph.js';
import { EDGE_DASH, type Palette } from './colors.js';

const SVG = 'http://www.w3.org/2000/svg';
const FONT_SIZE = 13;
const SMALL = 11;
const LINE = 17;
const PAD = 10;

export interface Drawing {
  svg: SVGSVGElement;
  width: number;
  height: number;
}

export interface DrawHandlers {
  onNode(node: GraphNodeView): void;
  onEdge(edge: GraphEdgeView): void;
}

const elk = new ELK();
let measureContext: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string, size: number, font: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * size * 0.62;
  measureContext.font = `${size}px ${font}`;
  return measureContext.measureText(text).width;
}

function nodeLines(n: GraphNodeView): { text: string; size: number; kind: 'name' | 'place' | 'finding' }[] {
  const lines: { text: string; size: number; kind: 'name' | 'place' | 'finding' }[] = [
    { text: `${n.name}()`, size: FONT_SIZE, kind: 'name' },
  ];
  lines.push({ text: `${n.file}:${n.line}`, size: SMALL, kind: 'place' });
  for (const f of n.findings)
    lines.push({
      text: `${f.severity}: ${f.ruleId}${f.count > 1 ? ` ×${f.count}` : ''}`,
      size: SMALL,
      kind: 'finding',
    });
  return lines;
}

/** Label lines of an edge: its kind when not a direct call, then the locks held across it. */
function edgeLabel(e: GraphEdgeView, showLocks: boolean): string[] {
  const lines: string[] = [];
  if (e.kind !== 'direct') lines.push(`${e.kindLabel}${e.via ? `: ${e.via}` : ''}`);
  if (showLocks && e.locks.length) lines.push(`holds ${e.locks.join(', ')}`);
  return lines;
}

export interface DrawOptions {
  selected?: string;
  showLocks: boolean;
}

export async function layoutAndDraw(
  model: GraphViewModel,
  palette: Palette,
  options: DrawOptions,
  handlers: DrawHandlers,
): Promise<Drawing> {
  const children: ElkNode[] = model.nodes.map((n) => {
    const lines = nodeLines(n);
    const width = Math.max(...lines.map((l) => textWidth(l.text, l.size, palette.font))) + 2 * PAD;
    return { id: n.id, width, height: lines.length * LINE + PAD };
  });
  const edges: ElkExtendedEdge[] = model.edges.map((e) => {
    const lines = edgeLabel(e, options.showLocks);
    const width = Math.max(0, ...lines.map((l) => textWidth(l, SMALL, palette.font))) + 4;
    return {
      id: e.id,
      sources: [e.from],
      targets: [e.to],
      labels: lines.length
        ? [{ id: `${e.id}#label`, text: lines.join('\n'), width, height: lines.length * (LINE - 3) + 3 }]
        : [],
    };
  });
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'SPLINES',
      'elk.layered.spacing.nodeNodeBetweenLayers': '50',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
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
  for (const laidNode of laid.children ?? []) {
    const n = nodeById.get(laidNode.id);
    if (n) nodeLayer.append(drawNode(n, laidNode, palette, n.id === options.selected, handlers));
  }
  svg.append(edgeLayer, nodeLayer);
  return { svg, width, height };
}

function drawNode(
  n: GraphNodeView,
  box: ElkNode,
  palette: Palette,
  isSelected: boolean,
  handlers: DrawHandlers,
): SVGGElement {
  const x = box.x ?? 0;
  const y = box.y ?? 0;
  const stroke = isSelected
    ? palette.selected
    : n.status === 'added'
      ? palette.added
      : n.status === 'removed'
        ? palette.removed
        : n.roles.includes('entry')
          ? palette.entry
          : n.roles.includes('target')
            ? palette.target
            : palette.border;
  const g = el('g', {
    class: `node role-${n.roles.join(' role-')}${n.status ? ` status-${n.status}` : ''}${isSelected ? ' selected' : ''}`,
    tabindex: '0',
    role: 'button',
    'data-id': n.id,
  });
  g.setAttribute(
    'aria-label',
    `${n.name}() at ${n.file}:${n.line}${n.findings.length ? `, ${n.findings.length} finding kinds` : ''}`,
  );
  const rect = el('rect', {
    x: String(x),
    y: String(y),
    width: String(box.width),
    height: String(box.height),
    rx: '4',
    fill: palette.background,
    stroke,
    'stroke-width': isSelected || !n.roles.includes('inner') ? '2.5' : '1.2',
  });
  if (n.status === 'removed') rect.setAttribute('stroke-dasharray', '5 3');
  g.append(rect);
  if (n.severity) {
    g.append(
      el('rect', {
        x: String(x),
        y: String(y),
        width: String(box.width),
        height: String(box.height),
        rx: '4',
        fill: palette.severity[n.severity],
        'fill-opacity': '0.22',
        stroke: 'none',
      }),
    );
  }
  nodeLines(n).forEach((line, i) => {
    const fill =
      line.kind === 'place'
        ? palette.muted
        : line.kind === 'finding'
          ? palette.severity[n.severity ?? 'info']
          : palette.foreground;
    const text = el('text', {
      x: String(x + PAD),
      y: String(y + PAD / 2 + LINE * (i + 1) - 4),
      'font-size': String(line.size),
      fill,
      class: line.kind,
    });
    if (line.kind === 'name') text.setAttribute('font-weight', '600');
    text.textContent = line.text;
    g.append(text);
  });
  const title = el('title', {});
  title.textContent = `${n.name}() — ${n.file}:${n.line}; click to open`;
  g.append(title);
  g.addEventListener('click', () => handlers.onNode(n));
  g.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      handlers.onNode(n);
    }
  });
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
  });
  if (EDGE_DASH[e.kind]) line.setAttribute('stroke-dasharray', EDGE_DASH[e.kind]);
  const hit = el('path', { d, fill: 'none', stroke: 'transparent', 'stroke-width': '10', class: 'hit' });
  const title = el('title', {});
  title.textContent = `${e.kindLabel}${e.via ? ` (${e.via})` : ''} at ${e.file}:${e.line}${e.locks.length ? `, holding ${e.locks.join(', ')}` : ''}; click to open the call site`;
  g.append(line, hit, title);
  for (const label of laid.labels ?? []) {
    const text = el('text', {
      x: String((label.x ?? 0) + 2),
      y: String(label.y ?? 0),
      'font-size': String(SMALL),
      fill: palette.muted,
      class: 'edge-label',
    });
    for (const line of (label.text ?? '').split('\n')) {
      const span = el('tspan', { x: String((label.x ?? 0) + 2), dy: String(LINE - 3) });
      span.textContent = line;
      text.append(span);
    }
    g.append(text);
  }
  g.addEventListener('click', () => handlers.onEdge(e));
  return g;
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
