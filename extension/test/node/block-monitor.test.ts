// The host-thread monitor charges a block to the innermost phase running during it, with the step it marked last.

import { afterEach, describe, expect, it } from 'vitest';
import { BlockMonitor } from '../../src/surfaces/node/block-monitor.js';

/** Keeps this thread busy for `ms` (what the monitor must notice). */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Resolves after the monitor's timer has fired again (timers run before setImmediate callbacks of the next turn). */
const nextTicks = () => new Promise((resolve) => setTimeout(resolve, 20));

let monitor: BlockMonitor;
afterEach(() => monitor.dispose());

describe('BlockMonitor', () => {
  it('charges a block inside analysis nested in indexing to the analysis and its step', async () => {
    monitor = new BlockMonitor();
    const leaveIndexing = monitor.enter('indexing', 'start');
    const leaveAnalysis = monitor.enter('analysis', 'snapshot');
    busy(80);
    monitor.step('graph');
    leaveAnalysis();
    leaveIndexing();
    await nextTicks();
    const stats = monitor.stats();
    expect(stats.analysis.step).toBe('graph');
    expect(stats.analysis.ms).toBeGreaterThan(0);
    expect(stats.indexing).toEqual({ ms: 0, step: '' });
  });

  it('charges nothing to a phase that was not running, and forgets on reset', async () => {
    monitor = new BlockMonitor();
    busy(40);
    await nextTicks();
    expect(monitor.stats().analysis).toEqual({ ms: 0, step: '' });
    const leave = monitor.enter('indexing', 'read files');
    busy(40);
    leave();
    await nextTicks();
    expect(monitor.stats().indexing.step).toBe('read files');
    monitor.reset();
    expect(monitor.stats()).toEqual({ indexing: { ms: 0, step: '' }, analysis: { ms: 0, step: '' }, ticks: 0 });
  });
});
