// Small DOM helpers for the panel: look up the shell's elements, fill selects and the legend. Text goes
// in through textContent and option values only. Browser-only.

import { EDGE_KIND_LABEL, type EdgeKind } from '../../core/model/call.js';

export function must(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`panel shell lacks #${id}`);
  return found;
}

/** Replaces a filter's options (keeping the leading "all"), selecting `value` when present. */
/** `allLabel` names the no-filter option by what it filters ("all rules"): a narrow panel hides the labels. */
export function fillSelect(
  select: HTMLSelectElement,
  values: readonly string[],
  value: string | undefined,
  allLabel: string,
): void {
  const all = document.createElement('option');
  all.value = '';
  all.textContent = allLabel;
  const options = values.map((v) => {
    const option = document.createElement('option');
    option.value = v;
    option.textContent = v;
    return option;
  });
  select.replaceChildren(all, ...options);
  select.value = value && values.includes(value) ? value : '';
}

export function fillLegend(legend: HTMLElement): void {
  const kinds: EdgeKind[] = ['direct', 'registered', 'callback', 'ops'];
  legend.replaceChildren(
    ...kinds.map((kind) => {
      const item = document.createElement('span');
      item.className = `legend-item kind-${kind}`;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      const label = document.createElement('span');
      label.textContent = EDGE_KIND_LABEL[kind];
      item.append(swatch, label);
      return item;
    }),
  );
}
