// Worker thread of the parse pool (bundled as dist/parse-worker.js): runs the kernel-C front end on the bytes
// it is sent and posts the facts back, v8-serialised, with the time it took. Reads no files; the host hands it bytes.

import { serialize } from 'node:v8';
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
      const ms = performance.now() - t;
      const spent = parseMs() - before;
      // The facts go back v8-serialised: the host deserialises them once and writes the same bytes to its cache.
      reply = result.ok
        ? {
            id: request.id,
            facts: serialize(result.facts),
            ...(result.note ? { note: result.note } : {}),
            ms,
            parseMs: spent,
          }
        : { id: request.id, result, ms, parseMs: spent };
    } catch (err) {
      reply = { id: request.id, error: (err as Error).message ?? String(err) };
    }
    port.postMessage(reply);
  });
});
