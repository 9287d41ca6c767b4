// Worker thread of the editor's analysis (bundled as dist/analysis-worker.js): holds an AnalysisService fed
// by the host's messages (analysis-protocol.ts) and answers its requests. Facts it is not sent come from
// the host's facts cache on disk (read only: the host writes it) or from its own parser.

import { parentPort, workerData } from 'node:worker_threads';
import { createCParser } from '../../core/syntax/parser.js';
import type { FileFacts } from '../../core/syntax/facts.js';
import type { FactsCache } from '../../core/workspace/workspace.js';
import { AnalysisService } from './analysis-service.js';
import type { HostToWorker, WorkerToHost } from './analysis-protocol.js';
import { DiskFactsCache } from './cache.js';
import { readWasm } from './wasm.js';

const port = parentPort;
if (!port) throw new Error('analysis-worker.js runs only as a worker thread');

const { cacheDir } = (workerData ?? {}) as { cacheDir?: string };
const disk = cacheDir ? new DiskFactsCache(cacheDir) : undefined;
/** Reads the host's cache; what this thread parses itself is kept in memory only. */
const cache: FactsCache | undefined = disk && {
  get: (hash: string) => disk.get(hash),
  set: (_hash: string, _facts: FileFacts) => undefined,
};
const send = (message: WorkerToHost) => port.postMessage(message);
const errorText = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));

const service = createCParser(readWasm(__dirname)).then((parser) => new AnalysisService(parser, cache));
service.then(
  () => send({ type: 'ready' }),
  (err: unknown) => send({ type: 'failed', error: `the analysis worker cannot load the parser: ${errorText(err)}` }),
);

/** Messages are handled in order; an analysis pauses between slices, so later messages arrive meanwhile. */
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (message: HostToWorker) => {
  if (message.type === 'analyse') void service.then((s) => s.request(message.request.generation));
  const handle = async () => {
    const s = await service;
    switch (message.type) {
      case 'reset':
        return s.reset();
      case 'files':
        return s.applyFiles(message.files);
      case 'note':
        return s.addNote(message.note);
      case 'analyse':
        // Not awaited by the queue: the changes that overtake it must reach the mirror meanwhile.
        void s.analyse(message.request).then(
          (value) => send({ type: 'reply', id: message.id, value }),
          (err: unknown) => send({ type: 'failed', id: message.id, error: errorText(err) }),
        );
        return;
      case 'hover':
        return send({ type: 'reply', id: message.id, value: s.hover(message.path, message.line, message.word) });
      case 'graphView':
        return send({ type: 'reply', id: message.id, value: s.graphView(message.focus) });
    }
  };
  queue = queue.then(handle).catch((err: unknown) => {
    const id = 'id' in message ? message.id : undefined;
    send({ type: 'failed', ...(id !== undefined ? { id } : {}), error: errorText(err) });
  });
});
