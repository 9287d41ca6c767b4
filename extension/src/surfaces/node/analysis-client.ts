// The host's side of the editor's analysis: the same requests answered by the analysis worker
// (dist/analysis-worker.js) when the bundle has it, or by an AnalysisService on this thread when it has
// not. Files are batched into one message per turn of the event loop; messages keep their order.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Parser } from 'web-tree-sitter';
import type { GraphViewModel } from '../../core/views/call-graph.js';
import type { HoverModel } from '../../core/views/hover.js';
import type { FactsCache, IndexNote } from '../../core/workspace/workspace.js';
import type {
  AnalyseRequest,
  HostToWorker,
  MirroredFile,
  PublishedAnalysis,
  WorkerToHost,
} from './analysis-protocol.js';
import { AnalysisService } from './analysis-service.js';

export interface AnalysisBackend {
  /** Where the analysis runs, for the log. */
  readonly where: string;
  reset(): void;
  applyFile(file: MirroredFile): void;
  addNote(note: IndexNote): void;
  analyse(request: AnalyseRequest): Promise<PublishedAnalysis | undefined>;
  hover(path: string, line: number, word: string): Promise<HoverModel | undefined>;
  graphView(focus?: string): Promise<GraphViewModel | undefined>;
  dispose(): void;
}

/** The worker bundle beside this one; undefined when the sources run unbundled. */
export function analysisWorkerScript(from: string = __dirname): string | undefined {
  const file = join(from, 'analysis-worker.js');
  return existsSync(file) ? file : undefined;
}

export class LocalBackend implements AnalysisBackend {
  readonly where = 'the extension host thread';
  private readonly service: AnalysisService;

  constructor(parser: Parser, cache: FactsCache | undefined) {
    this.service = new AnalysisService(parser, cache);
  }

  reset(): void {
    this.service.reset();
  }
  applyFile(file: MirroredFile): void {
    this.service.applyFiles([file]);
  }
  addNote(note: IndexNote): void {
    this.service.addNote(note);
  }
  analyse(request: AnalyseRequest): Promise<PublishedAnalysis | undefined> {
    return this.service.analyse(request);
  }
  hover(path: string, line: number, word: string): Promise<HoverModel | undefined> {
    return Promise.resolve(this.service.hover(path, line, word));
  }
  graphView(focus?: string): Promise<GraphViewModel | undefined> {
    return Promise.resolve(this.service.graphView(focus));
  }
  dispose(): void {}
}

type Reply = PublishedAnalysis | HoverModel | GraphViewModel | undefined;

export class WorkerBackend implements AnalysisBackend {
  readonly where = 'a worker thread';
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(value: Reply): void; reject(err: Error): void }>();
  private nextId = 1;
  private batch: MirroredFile[] = [];
  private flushing: NodeJS.Immediate | undefined;
  private stopped: Error | undefined;

  constructor(
    script: string,
    cacheDir: string | undefined,
    /** A failure that answers no request (the worker could not start, or stopped). */
    private readonly onFailure: (message: string) => void,
  ) {
    this.worker = new Worker(script, { workerData: { cacheDir } });
    this.worker.on('message', (m: WorkerToHost) => this.receive(m));
    this.worker.on('error', (err) => this.stop(err));
    this.worker.on('exit', (code) => this.stop(new Error(`the analysis worker exited (code ${code})`)));
  }

  reset(): void {
    this.batch = [];
    this.post({ type: 'reset' });
  }
  applyFile(file: MirroredFile): void {
    this.batch.push(file);
    this.flushing ??= setImmediate(() => this.flush());
  }
  addNote(note: IndexNote): void {
    this.post({ type: 'note', note });
  }
  analyse(request: AnalyseRequest): Promise<PublishedAnalysis | undefined> {
    return this.call((id) => ({ type: 'analyse', id, request })) as Promise<PublishedAnalysis | undefined>;
  }
  hover(path: string, line: number, word: string): Promise<HoverModel | undefined> {
    return this.call((id) => ({ type: 'hover', id, path, line, word })) as Promise<HoverModel | undefined>;
  }
  graphView(focus?: string): Promise<GraphViewModel | undefined> {
    return this.call((id) => ({ type: 'graphView', id, ...(focus ? { focus } : {}) })) as Promise<
      GraphViewModel | undefined
    >;
  }
  dispose(): void {
    this.stopped ??= new Error('the analysis worker was closed');
    void this.worker.terminate();
  }

  private flush(): void {
    this.flushing = undefined;
    if (this.batch.length === 0) return;
    const files = this.batch;
    this.batch = [];
    this.send({ type: 'files', files });
  }

  private post(message: HostToWorker): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flush();
    this.send(message);
  }

  private send(message: HostToWorker): void {
    if (!this.stopped) this.worker.postMessage(message);
  }

  private call(make: (id: number) => HostToWorker): Promise<Reply> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post(make(id));
    });
  }

  private receive(m: WorkerToHost): void {
    if (m.type === 'ready') return;
    const waiter = m.id !== undefined ? this.waiting.get(m.id) : undefined;
    if (m.id !== undefined) this.waiting.delete(m.id);
    if (m.type === 'reply') waiter?.resolve(m.value);
    else if (waiter) waiter.reject(new Error(m.error));
    else this.onFailure(m.error);
  }

  private stop(err: Error): void {
    if (this.stopped) return;
    this.stopped = err;
    this.onFailure(err.message);
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
