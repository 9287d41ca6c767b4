// Worker thread of the parse pool (bundled as dist/parse-worker.js): runs the kernel-C front end on the bytes
// it is sent and posts the facts back with the time it took. Reads no files; the host hands it bytes.

import { parentPort } from 'node:worker_threads';
import { createCParser } from '../../core/syntax/parser.js';
import { analyseSource } from '../../core/syntax/frontend.js';
import { readWasm } from './wasm.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.js runs only as a worker thread');

const ready = createCParser(readWasm(__dirname)).then((parser) => {
  let parseMs = 0;
  const parse = parser.parse.bind(parser);
  parser.parse = (...args: Parameters<typeof parser.parse>) => {
    const t = performance.now();
    try {
      return parse(...args);
    } finally {
      parseMs += performance.now() - t;
    }
  };
  return { parser, parseMs: () => parseMs };
});

port.on('message', (request: ParseRequest) => {
  void ready.then(({ parser, parseMs }) => {
    const before = parseMs();
    const t = performance.now();
    let reply: ParseReply;
    try {
      const result = analyseSource(parser, request.path, request.bytes);
      reply = { id: request.id, result, ms: performance.now() - t, parseMs: parseMs() - before };
    } catch (err) {
      reply = { id: request.id, error: (err as Error).message ?? String(err) };
    }
    port.postMessage(reply);
  });
});
