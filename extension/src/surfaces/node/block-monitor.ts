// Measures how long this thread is blocked: a timer that should fire every TICK_MS notes how late it fires,
// and charges the delay to the phases (indexing, analysis) that ran meanwhile, each at most for the time it
// held the thread, with the last step it marked. Measures only; it never changes what runs when.

export type HostPhase = 'indexing' | 'analysis';

export interface LongestBlock {
  ms: number;
  /** The last step the phase marked before the block ended (what it was doing). */
  step: string;
}

export type BlockStats = Record<HostPhase, LongestBlock> & { ticks: number };

const TICK_MS = 5;
/** Lateness below this is the timer's own jitter, not a block. */
const JITTER_MS = 1;

export class BlockMonitor {
  private readonly stack: { phase: HostPhase; step: string }[] = [];
  /** Time each phase was innermost since the last tick, and its last step. */
  private spent = new Map<HostPhase, LongestBlock>();
  private topSince = performance.now();
  private longest: BlockStats = BlockMonitor.empty();
  private last = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  private static empty(): BlockStats {
    return { indexing: { ms: 0, step: '' }, analysis: { ms: 0, step: '' }, ticks: 0 };
  }

  /** Marks `phase` as running until the returned function is called; the innermost phase is charged. */
  enter(phase: HostPhase, step = ''): () => void {
    this.account();
    const frame = { phase, step };
    this.stack.push(frame);
    return () => {
      this.account();
      const i = this.stack.lastIndexOf(frame);
      if (i >= 0) this.stack.splice(i, 1);
    };
  }

  /** What the innermost phase is doing now: a block that ends after this is charged to this step. */
  step(label: string): void {
    const top = this.stack.at(-1);
    if (!top) return;
    top.step = label;
    this.account();
  }

  /** Charges the time since the last change to the innermost phase. */
  private account(): void {
    const now = performance.now();
    const top = this.stack.at(-1);
    if (top)
      this.spent.set(top.phase, { ms: (this.spent.get(top.phase)?.ms ?? 0) + now - this.topSince, step: top.step });
    this.topSince = now;
  }

  private tick(): void {
    this.account();
    const now = performance.now();
    const blocked = now - this.last - TICK_MS;
    this.last = now;
    this.longest.ticks++;
    for (const [phase, { ms, step }] of this.spent) {
      const charged = Math.min(ms, blocked);
      if (charged >= JITTER_MS && charged > this.longest[phase].ms) this.longest[phase] = { ms: charged, step };
    }
    this.spent = new Map();
  }

  stats(): BlockStats {
    return structuredClone(this.longest);
  }

  reset(): void {
    this.longest = BlockMonitor.empty();
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
