// Keyboard of the call-graph panel: arrows move between functions, Tab walks them in reading order
// (focus selects), Enter opens the source, f focuses, +/- change the hops, e expands, c folds, / searches,
// Esc clears the selection, then the focus. Keys typed into the toolbar's fields are theirs. Browser-only.

import { ARROW_KEYS, nearestNode, type Box } from './navigate.js';

export interface KeyTargets {
  canvas: HTMLElement;
  search: HTMLInputElement;
  boxes(): ReadonlyMap<string, Box> | undefined;
  /** Selected node id (not an edge). */
  selected(): string | undefined;
  around(): string | undefined;
  select(id: string): void;
  openSelected(): void;
  focus(id: string): void;
  hops(delta: number): void;
  toggleExpand(id: string): void;
  toggleCollapse(id: string): void;
  escape(): void;
}

export function bindKeys(t: KeyTargets): void {
  t.canvas.addEventListener('focusin', (event) => {
    const id = (event.target as Element).closest('g.node')?.getAttribute('data-id');
    if (id && id !== t.selected()) t.select(id);
  });
  document.addEventListener('keydown', (event) => {
    const target = event.target as Element;
    if (target.closest('input, select, textarea') || event.ctrlKey || event.metaKey || event.altKey) return;
    const onButton = target.closest('button') !== null;
    const selected = t.selected();
    const direction = ARROW_KEYS[event.key];
    if (direction && !onButton) {
      const boxes = t.boxes();
      if (!boxes?.size) return;
      event.preventDefault();
      const from = selected && boxes.has(selected) ? selected : (t.around() ?? [...boxes.keys()][0]!);
      const next = from === selected ? nearestNode(boxes, from, direction) : from;
      if (next) t.select(next);
      return;
    }
    switch (event.key) {
      case 'Enter':
        if (onButton) return;
        event.preventDefault();
        t.openSelected();
        return;
      case '/':
        event.preventDefault();
        t.search.focus();
        t.search.select();
        return;
      case '+':
      case '=':
        event.preventDefault();
        t.hops(1);
        return;
      case '-':
      case '_':
        event.preventDefault();
        t.hops(-1);
        return;
      case 'f':
        if (selected) t.focus(selected);
        return;
      case 'e':
        if (selected) t.toggleExpand(selected);
        return;
      case 'c':
        if (selected) t.toggleCollapse(selected);
        return;
      case 'Escape':
        t.escape();
        return;
    }
  });
}
