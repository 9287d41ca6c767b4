// Opt-in phase timings for the CLI (`--timings`): wall time per phase, and the parse / extract split of the
// front end, written to standard error at exit. Off by default; when off every call here is a no-op.

import type { Parser } from 'web-tree-sitter';

/** 'front end' covers reading the files, cache look-ups and the parse and extraction of the rest. */
export type Phase = 'list' | 'front end' | 'demand' | 'cache save' | 'graph' | 'replay' | 'output' | 'finish';

class Timings {
  enabled = false;
  private readonly wall = new Map<string, number>();
  /** Milliseconds inside tree-sitter's parse, by the phase it ran in (body reparses count under replay). */
  private readonly parse = new Map<string, number>();
  /** Front-end milliseconds summed over the workers that ran them (CPU time, not wall). */
  readonly workers = { parse: 0, total: 0, files: 0 };
  private current: Phase = 'list';
  /** Memory at the end of each phase (the last time it ended). */
  private readonly memory = new Map<string, NodeJS.MemoryUsage>();

  /** Runs `fn` as `phase`, adding its wall time. */
  time<T>(phase: Phase, fn: () => T): T {
    if (!this.enabled) return fn();
    const outer = this.current;
    this.current = phase;
    const t = performance.now();
    try {
      return fn();
    } finally {
      this.ended(phase, t);
      this.current = outer;
    }
  }

  async timeAsync<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
    if (!this.enabled) return fn();
    const outer = this.current;
    this.current = phase;
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.ended(phase, t);
      this.current = outer;
    }
  }

  /** Starts a phase that ends when `end` is called (for phases split by a callback, as graph and replay are). */
  begin(phase: Phase): () => void {
    if (!this.enabled) return () => {};
    const outer = this.current;
    this.current = phase;
    const t = performance.now();
    return () => {
      this.ended(phase, t);
      this.current = outer;
    };
  }

  /** Counts the time spent inside this parser's parse() under the phase running at the time. */
  instrument(parser: Parser): void {
    if (!this.enabled) return;
    const parse = parser.parse.bind(parser);
    parser.parse = (...args: Parameters<Parser['parse']>) => {
      const t = performance.now();
      try {
        return parse(...args);
      } finally {
        this.add(this.parse, this.current, performance.now() - t);
      }
    };
  }

  report(): string {
    const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
    // performance.now() counts from the process's start in Node.
    const total = performance.now();
    const lines = [`timings: ${ms(total)} since process start`];
    for (const [phase, t] of this.wall) {
      const parsed = this.parse.get(phase);
      const split =
        phase === 'front end' && parsed !== undefined
          ? ` (parse ${ms(parsed)}, decode+blank+extract ${ms(t - parsed)})`
          : phase === 'replay' && parsed !== undefined
            ? ` (of which body reparse ${ms(parsed)})`
            : '';
      const m = this.memory.get(phase);
      const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
      const mem = m ? `; after it rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}, buffers ${mb(m.external)}` : '';
      lines.push(
        `  ${phase.padEnd(11)} ${ms(t).padStart(9)}  ${((100 * t) / total).toFixed(0).padStart(3)}%${split}${mem}`,
      );
    }
    if (this.workers.files > 0)
      lines.push(
        `  workers: ${this.workers.files} files, CPU ${ms(this.workers.total)} (parse ${ms(this.workers.parse)}, decode+blank+extract ${ms(this.workers.total - this.workers.parse)})`,
      );
    return `${lines.join('\n')}\n`;
  }

  private ended(phase: Phase, t: number): void {
    this.add(this.wall, phase, performance.now() - t);
    this.memory.set(phase, process.memoryUsage());
  }

  private add(map: Map<string, number>, key: string, t: number): void {
    map.set(key, (map.get(key) ?? 0) + t);
  }
}

export const timings = new Timings();
