// Test helper: an analysis made with what a host keeps between analyses shows what a fresh one shows.

import { expect } from 'vitest';
import type { Analysis } from '../../src/core/analysis/analyze.js';
import type { SimulationIndex } from '../../src/core/views/hover.js';

export interface Outcome {
  analysis: Analysis;
  simulation: SimulationIndex;
}

/** Findings, notes, roots, entries, paths and the hover index are the same. */
export function expectSameAnalysis(kept: Outcome, fresh: Outcome): void {
  expect(kept.analysis.findings).toEqual(fresh.analysis.findings);
  expect(kept.analysis.truncations).toEqual(fresh.analysis.truncations);
  expect(kept.analysis.roots).toEqual(fresh.analysis.roots);
  expect(kept.analysis.entries).toEqual(fresh.analysis.entries);
  expect(kept.analysis.paths).toEqual(fresh.analysis.paths);
  expect(kept.simulation).toEqual(fresh.simulation);
}
