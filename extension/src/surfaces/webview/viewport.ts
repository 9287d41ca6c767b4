// Zoom and pan of the drawn graph through the SVG viewBox; the values live in the panel state, so they
// survive hide/show and reload. Wheel zooms around the pointer, dragging the background pans. Browser-only.

import type { PanelState } from '../../core/views/panel-protocol.js';
import type { Drawing } from './render.js';

export interface Viewport {
  /** Shows a drawing: fitted when asked or while the state says fit, else at the saved zoom and pan. */
  show(drawing: Drawing, fit: boolean): void;
  zoomBy(factor: number): void;
}

type View = Pick<PanelState, 'fit' | 'zoom' | 'panX' | 'panY'>;

export function attachViewport(canvas: HTMLElement, get: () => PanelState, save: (next: View) => void): Viewport {
  let drawing: Drawing | undefined;
  const size = () => ({ w: Math.max(canvas.clientWidth, 100), h: Math.max(canvas.clientHeight, 100) });
  const apply = (next: View) => {
    if (!drawing) return;
    const { w, h } = size();
    drawing.svg.setAttribute('width', String(w));
    drawing.svg.setAttribute('height', String(h));
    drawing.svg.setAttribute('viewBox', `${next.panX} ${next.panY} ${w / next.zoom} ${h / next.zoom}`);
    save(next);
  };
  const zoomAround = (factor: number, mx: number, my: number) => {
    const s = get();
    const zoom = Math.min(8, Math.max(0.05, s.zoom * factor));
    apply({ fit: false, zoom, panX: s.panX + mx / s.zoom - mx / zoom, panY: s.panY + my / s.zoom - my / zoom });
  };

  canvas.addEventListener(
    'wheel',
    (event) => {
      if (!drawing) return;
      event.preventDefault();
      const box = canvas.getBoundingClientRect();
      zoomAround(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - box.left, event.clientY - box.top);
    },
    { passive: false },
  );

  let drag: { x: number; y: number } | undefined;
  canvas.addEventListener('pointerdown', (event) => {
    if (!drawing || (event.target as Element).closest('g.node, g.edge')) return;
    drag = { x: event.clientX, y: event.clientY };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const s = get();
    apply({
      fit: false,
      zoom: s.zoom,
      panX: s.panX - (event.clientX - drag.x) / s.zoom,
      panY: s.panY - (event.clientY - drag.y) / s.zoom,
    });
    drag = { x: event.clientX, y: event.clientY };
  });
  canvas.addEventListener('pointerup', () => {
    drag = undefined;
  });

  return {
    show(next, fit) {
      drawing = next;
      const s = get();
      if (!fit && !s.fit && s.zoom > 0) {
        apply(s);
        return;
      }
      const { w, h } = size();
      const zoom = Math.min(w / Math.max(next.width, 1), h / Math.max(next.height, 1), 1.5);
      apply({ fit: true, zoom, panX: (next.width - w / zoom) / 2, panY: (next.height - h / zoom) / 2 });
      canvas.dataset.fittedWidth = String(w);
    },
    zoomBy(factor) {
      const { w, h } = size();
      if (drawing) zoomAround(factor, w / 2, h / 2);
    },
  };
}
