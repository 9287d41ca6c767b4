// Measures how long this thread is blocked: a timer that should fire every TICK_MS notes how late it fires,
// and charges the delay to the phase (indexing, analysis) running at the time, with the last step it marked.
// Measures only; it never changes what runs when.

export type HostPhase = 'indexing' | 'analysis';

export interface LongestBlock {
  ms: number;
  /** The last step the phase marked before the block ended (what it was doing). */
  step: string;
}

export type BlockStats = Record<HostPhase, LongestBlock> & { ticks: number };

const TICK_MS = 5;

export class BlockMonitor {
  private readonly stack: { phase: HostPhase; step: string }[] = [];
  /** Phases on top of the stack at some moment since the last tick. */
  private seen = new Map<HostPhase, string>();
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
    const frame = { phase, step };
    this.stack.push(frame);
    this.note();
    return () => {
      this.note();
      const i = this.stack.lastIndexOf(frame);
      if (i >= 0) this.stack.splice(i, 1);
      this.note();
    };
  }

  /** What the innermost phase is doing now: a block that ends after this is charged to this step. */
  step(label: string): void {
    const top = this.stack.at(-1);
    if (!top) return;
    top.step = label;
    this.note();
  }

  private note(): void {
    const top = this.stack.at(-1);
    if (top) this.seen.set(top.phase, top.step);
  }

  private tick(): void {
    const now = performance.now();
    const blocked = now - this.last - TICK_MS;
    this.last = now;
    this.longest.ticks++;
    this.note();
    for (const [phase, step] of this.seen)
      if (blocked > this.longest[phase].ms) this.longest[phase] = { ms: blocked, step };
    this.seen = new Map();
    this.note();
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
