// Zoom and scroll of the drawn graph: the SVG is drawn at its zoomed size inside a scrolling <main>, so the
// wheel, scroll bars and dragging the background move it; Ctrl+wheel zooms around the pointer. The default
// and the Fit zoom never go below a readable scale: a large graph scrolls instead of shrinking. The values
// live in the panel state, so they survive hide/show and reload. Browser-only.

import type { PanelState } from '../../core/views/panel-protocol.js';
import type { Box } from './navigate.js';
import type { Drawing } from './render.js';

/** The default zoom: text at its drawn size (13-14 px names) or larger, never smaller. */
export const DEFAULT_MIN_ZOOM = 1;
/** Fit (the button) may shrink a little further, to this, and no further. */
export const FIT_MIN_ZOOM = 0.8;
const MAX_AUTO_ZOOM = 1.25;
const MIN_ZOOM = 0.3;
const MAX_ZOOM = 4;

export interface Viewport {
  /**
   * Shows a drawing: at the saved zoom and scroll, or (when asked or while the state says fit) at the
   * readable fit zoom, centred on `centre` when given, else from the top left.
   */
  show(drawing: Drawing, fit: boolean, centre?: Box): void;
  /** Fits as far as FIT_MIN_ZOOM allows (the Fit button). */
  fit(): void;
  zoomBy(factor: number): void;
  /** Scrolls the least needed to bring a box into sight. */
  reveal(box: Box): void;
}

type View = Pick<PanelState, 'fit' | 'zoom' | 'panX' | 'panY'>;

export function attachViewport(
  canvas: HTMLElement,
  get: () => PanelState,
  save: (next: View) => void,
  zoomLabel?: HTMLElement,
): Viewport {
  let drawing: Drawing | undefined;
  const size = () => ({ w: Math.max(canvas.clientWidth, 100), h: Math.max(canvas.clientHeight, 100) });
  const setZoom = (zoom: number) => {
    if (!drawing) return;
    drawing.svg.setAttribute('width', String(Math.ceil(drawing.width * zoom)));
    drawing.svg.setAttribute('height', String(Math.ceil(drawing.height * zoom)));
    drawing.svg.setAttribute('viewBox', `0 0 ${drawing.width} ${drawing.height}`);
    canvas.dataset.zoom = zoom.toFixed(3);
    if (zoomLabel) zoomLabel.textContent = `${Math.round(zoom * 100)}%`;
  };
  const scrollTo = (panX: number, panY: number, zoom: number) => {
    canvas.scrollLeft = panX * zoom;
    canvas.scrollTop = panY * zoom;
  };
  const current = (fit: boolean): View => {
    const zoom = get().zoom;
    return { fit, zoom, panX: canvas.scrollLeft / zoom, panY: canvas.scrollTop / zoom };
  };
  const zoomAround = (factor: number, mx: number, my: number) => {
    const s = get();
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, s.zoom * factor));
    const gx = (canvas.scrollLeft + mx) / s.zoom;
    const gy = (canvas.scrollTop + my) / s.zoom;
    setZoom(zoom);
    canvas.scrollLeft = gx * zoom - mx;
    canvas.scrollTop = gy * zoom - my;
    save({ fit: false, zoom, panX: canvas.scrollLeft / zoom, panY: canvas.scrollTop / zoom });
  };
  const place = (zoom: number, centre: Box | undefined) => {
    if (!drawing) return;
    setZoom(zoom);
    const { w, h } = size();
    if (centre) {
      canvas.scrollLeft = (centre.x + centre.width / 2) * zoom - w / 2;
      canvas.scrollTop = (centre.y + centre.height / 2) * zoom - h / 2;
    } else {
      canvas.scrollLeft = 0;
      canvas.scrollTop = 0;
    }
    canvas.dataset.fittedWidth = String(canvas.clientWidth);
  };
  const fitZoom = (floor: number) => {
    const { w, h } = size();
    if (!drawing) return 1;
    const whole = Math.min(w / Math.max(drawing.width, 1), h / Math.max(drawing.height, 1));
    return Math.max(floor, Math.min(whole, MAX_AUTO_ZOOM));
  };

  canvas.addEventListener(
    'wheel',
    (event) => {
      if (!drawing) return;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        const box = canvas.getBoundingClientRect();
        zoomAround(event.deltaY < 0 ? 1.1 : 1 / 1.1, event.clientX - box.left, event.clientY - box.top);
      } else save({ ...current(false) });
    },
    { passive: false },
  );
  canvas.addEventListener('scroll', () => {
    if (drawing) save(current(get().fit));
  });

  let drag: { x: number; y: number } | undefined;
  canvas.addEventListener('pointerdown', (event) => {
    if (!drawing || (event.target as Element).closest('g.node, g.edge')) return;
    drag = { x: event.clientX, y: event.clientY };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag) return;
    canvas.scrollLeft -= event.clientX - drag.x;
    canvas.scrollTop -= event.clientY - drag.y;
    drag = { x: event.clientX, y: event.clientY };
    save(current(false));
  });
  canvas.addEventListener('pointerup', () => {
    drag = undefined;
  });

  return {
    show(next, fit, centre) {
      drawing = next;
      const s = get();
      if (!fit && !s.fit && s.zoom > 0) {
        setZoom(s.zoom);
        scrollTo(s.panX, s.panY, s.zoom);
        save(current(false));
        return;
      }
      const zoom = fitZoom(DEFAULT_MIN_ZOOM);
      save({ fit: true, zoom, panX: 0, panY: 0 });
      place(zoom, centre);
      save(current(true));
    },
    fit() {
      if (!drawing) return;
      const zoom = fitZoom(FIT_MIN_ZOOM);
      save({ fit: false, zoom, panX: 0, panY: 0 });
      place(zoom, undefined);
      save(current(false));
    },
    zoomBy(factor) {
      const { w, h } = size();
      if (drawing) zoomAround(factor, w / 2, h / 2);
    },
    reveal(box) {
      const zoom = get().zoom;
      const { w, h } = size();
      const margin = 24;
      const left = box.x * zoom - margin;
      const right = (box.x + box.width) * zoom + margin;
      const top = box.y * zoom - margin;
      const bottom = (box.y + box.height) * zoom + margin;
      if (left < canvas.scrollLeft) canvas.scrollLeft = left;
      else if (right > canvas.scrollLeft + w) canvas.scrollLeft = Math.min(left, right - w);
      if (top < canvas.scrollTop) canvas.scrollTop = top;
      else if (bottom > canvas.scrollTop + h) canvas.scrollTop = Math.min(top, bottom - h);
    },
  };
}
