// A pool of worker threads running the kernel-C front end (dist/parse-worker.js), one file at a time each, so
// a cold index uses every core. Results come back in any order; the caller applies them in file order.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { FileFacts } from '../../core/syntax/facts.js';
import type { FrontEndResult } from '../../core/syntax/frontend.js';

export interface ParseRequest {
  id: number;
  path: string;
  bytes: Uint8Array;
}

export type ParseReply =
  | { id: number; facts: Uint8Array; note?: string; ms: number; parseMs: number }
  | { id: number; result: FrontEndResult; ms: number; parseMs: number }
  | { id: number; error: string };

export interface ParsedFile {
  result: FrontEndResult;
  /** The facts as v8.serialize wrote them in the worker (what the disk cache stores), when the file had facts. */
  serialized?: Uint8Array;
  /** Front-end milliseconds in the worker, and the part of them inside tree-sitter's parse. */
  ms: number;
  parseMs: number;
}

/** How many front ends run at once by default: every core the process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** The worker bundle beside the CLI bundle; undefined when this build has none (the sources run unbundled). */
export function workerScript(from: string = __dirname): string | undefined {
  const file = join(from, 'parse-worker.js');
  return existsSync(file) ? file : undefined;
}

/**
 * Runs the front end on every file in `workers` threads; keeps two requests in flight per worker. `onParsed`
 * hears of each file done (for a progress report).
 */
export async function parseInWorkers(
  script: string,
  workers: number,
  files: readonly { path: string; bytes: Uint8Array }[],
  onParsed?: (done: number, path: string) => void,
): Promise<ParsedFile[]> {
  const out: ParsedFile[] = new Array<ParsedFile>(files.length);
  if (files.length === 0) return out;
  let next = 0;
  let done = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (w: Worker) => {
        if (next >= files.length) return;
        const id = next++;
        w.postMessage({ id, path: files[id]!.path, bytes: files[id]!.bytes } satisfies ParseRequest);
      };
      for (let i = 0; i < Math.min(workers, files.length); i++) {
        const w = new Worker(script);
        pool.push(w);
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < files.length) reject(new Error(`parse worker exited (code ${code}) before the index was done`));
        });
        w.on('message', (reply: ParseReply) => {
          if ('error' in reply) {
            reject(new Error(`${files[reply.id]!.path}: ${reply.error}`));
            return;
          }
          out[reply.id] = parsedFrom(reply);
          done++;
          onParsed?.(done, files[reply.id]!.path);
          if (done === files.length) resolve();
          else send(w);
        });
        send(w);
        send(w);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return out;
}

/**
 * Worker threads kept between batches (a demand-driven run parses in rounds): each batch is spread over them
 * with two requests in flight per worker, and its results come back in the batch's order.
 */
export class ParsePool {
  private readonly pool: Worker[] = [];
  private batch: ((reply: ParseReply, w: Worker) => void) | undefined;
  private failure: ((err: Error) => void) | undefined;

  constructor(
    private readonly script: string,
    private readonly size: number,
  ) {}

  async parse(files: readonly { path: string; bytes: Uint8Array }[]): Promise<ParsedFile[]> {
    const out: ParsedFile[] = new Array<ParsedFile>(files.length);
    if (files.length === 0) return out;
    while (this.pool.length < Math.min(this.size, files.length)) this.pool.push(this.start());
    let next = 0;
    let done = 0;
    await new Promise<void>((resolve, reject) => {
      const send = (w: Worker) => {
        if (next >= files.length) return;
        const id = next++;
        w.postMessage({ id, path: files[id]!.path, bytes: files[id]!.bytes } satisfies ParseRequest);
      };
      this.failure = reject;
      this.batch = (reply, w) => {
        if ('error' in reply) {
          reject(new Error(`${files[reply.id]!.path}: ${reply.error}`));
          return;
        }
        out[reply.id] = parsedFrom(reply);
        if (++done === files.length) resolve();
        else send(w);
      };
      for (const w of this.pool.slice(0, Math.min(this.pool.length, files.length))) {
        send(w);
        send(w);
      }
    });
    this.batch = undefined;
    return out;
  }

  async close(): Promise<void> {
    this.failure = undefined;
    await Promise.all(this.pool.splice(0).map((w) => w.terminate()));
  }

  private start(): Worker {
    const w = new Worker(this.script);
    w.on('error', (err) => this.failure?.(err));
    w.on('exit', (code) => this.failure?.(new Error(`parse worker exited (code ${code}) before the index was done`)));
    w.on('message', (reply: ParseReply) => this.batch?.(reply, w));
    return w;
  }
}

function parsedFrom(reply: Exclude<ParseReply, { error: string }>): ParsedFile {
  return 'facts' in reply
    ? {
        result: {
          ok: true,
          facts: deserialize(reply.facts) as FileFacts,
          ...(reply.note ? { note: reply.note } : {}),
        },
        serialized: reply.facts,
        ms: reply.ms,
        parseMs: reply.parseMs,
      }
    : { result: reply.result, ms: reply.ms, parseMs: reply.parseMs };
}
