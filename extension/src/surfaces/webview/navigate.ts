// Keyboard moves between drawn nodes: the nearest node in an arrow's direction, by the laid-out boxes.
// Pure geometry, no DOM, so it is unit-tested outside a browser.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The node nearest to `from` whose centre lies beyond it in `direction`: distance along the direction
 * plus twice the distance across it, so a node straight ahead beats a closer one far to the side.
 */
export function nearestNode(boxes: ReadonlyMap<string, Box>, from: string, direction: Direction): string | undefined {
  const start = boxes.get(from);
  if (!start) return undefined;
  const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
  const c = centre(start);
  let best: { id: string; score: number } | undefined;
  for (const [id, box] of boxes) {
    if (id === from) continue;
    const p = centre(box);
    const dx = p.x - c.x;
    const dy = p.y - c.y;
    const along = direction === 'down' ? dy : direction === 'up' ? -dy : direction === 'right' ? dx : -dx;
    const across = direction === 'up' || direction === 'down' ? Math.abs(dx) : Math.abs(dy);
    if (along <= 1) continue;
    const score = along + 2 * across;
    if (!best || score < best.score || (score === best.score && id < best.id)) best = { id, score };
  }
  return best?.id;
}

export const ARROW_KEYS: Readonly<Record<string, Direction>> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
};
