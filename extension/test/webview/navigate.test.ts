// Arrow-key moves between laid-out nodes in the call-graph panel.

import { describe, expect, it } from 'vitest';
import { nearestNode, type Box } from '../../src/surfaces/webview/navigate.js';

const box = (x: number, y: number): Box => ({ x, y, width: 100, height: 40 });

// Row 0: top. Row 1: left, mid, right. Row 2: far-left (below left), deep (below mid, further down).
const boxes = new Map<string, Box>([
  ['top', box(200, 0)],
  ['left', box(0, 100)],
  ['mid', box(200, 100)],
  ['right', box(400, 100)],
  ['below-left', box(0, 200)],
  ['deep', box(220, 400)],
]);

describe('nearest node in a direction', () => {
  it('moves along rows and columns', () => {
    expect(nearestNode(boxes, 'top', 'down')).toBe('mid');
    expect(nearestNode(boxes, 'mid', 'up')).toBe('top');
    expect(nearestNode(boxes, 'mid', 'left')).toBe('left');
    expect(nearestNode(boxes, 'mid', 'right')).toBe('right');
    expect(nearestNode(boxes, 'left', 'down')).toBe('below-left');
  });

  it('prefers a node straight ahead to a nearer one off to the side', () => {
    // below-left is 100 down and 200 across (score 500); deep is 300 down and 20 across (score 340).
    expect(nearestNode(boxes, 'mid', 'down')).toBe('deep');
  });

  it('stays put at an edge of the graph and for an unknown start', () => {
    expect(nearestNode(boxes, 'top', 'up')).toBeUndefined();
    expect(nearestNode(boxes, 'right', 'right')).toBeUndefined();
    expect(nearestNode(boxes, 'nowhere', 'down')).toBeUndefined();
  });
});
