// The read log of a root's replay (sim/reads.ts): which answers it records, which it leaves to the query
// around them, and that a read it cannot ask again (iterating the whole graph) never matches.

import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  graphAnswer,
  queryKey,
  ReadLog,
  recordingGraph,
  recordingTypes,
  unreadableNotes,
  MISSING,
} from '../../src/core/sim/reads.js';
import { inlineTree } from '../callgraph/tree.js';
import { TypeTable } from '../../src/core/callgraph/types.js';

const FILES = {
  'mm/a.c':
    'struct box { int size; };\n\nint callee(int x)\n{\n\treturn x;\n}\n\nint caller(int x)\n{\n\treturn callee(x);\n}\n',
};

describe('read log', () => {
  it('keeps apart what JSON would merge: Maps, Sets, bigints and undefined members', () => {
    expect(fingerprint(new Map([['a', 1]]))).not.toBe(fingerprint({}));
    expect(fingerprint(new Set(['a']))).not.toBe(fingerprint(new Set(['b'])));
    expect(fingerprint({ v: 1n })).not.toBe(fingerprint({ v: 2n }));
    expect(fingerprint({ a: undefined })).not.toBe(fingerprint({}));
    expect(fingerprint(undefined)).toBe(MISSING);
  });

  it('records the graph reads of a root, first occurrence first, and nothing outside a root', async () => {
    const { graph } = await inlineTree(FILES);
    const log = new ReadLog();
    const view = recordingGraph(graph, log);
    view.resolver.resolve('caller', 'mm/a.c');
    const reads = log.begin();
    const callee = view.resolver.resolve('callee', 'mm/a.c')!;
    view.outgoing.get('caller@mm/a.c:8');
    view.resolver.resolve('callee', 'mm/a.c');
    view.functions.get('nothing@mm/a.c:1');
    log.end();
    view.functions.get(callee.id);
    expect([...reads.answers.keys()]).toEqual([
      queryKey('resolve', 'callee', 'mm/a.c'),
      queryKey('out', 'caller@mm/a.c:8'),
      queryKey('fn', 'nothing@mm/a.c:1'),
    ]);
    for (const [key, answer] of reads.answers) {
      const [kind, ...args] = key.split('\u0001');
      expect(graphAnswer(graph, kind!, args)).toBe(answer);
    }
    expect(reads.answers.get(queryKey('fn', 'nothing@mm/a.c:1'))).toBe(MISSING);
  });

  it('records a whole-graph iteration as a read no analysis answers the same', async () => {
    const { graph } = await inlineTree(FILES);
    const log = new ReadLog();
    const view = recordingGraph(graph, log);
    const reads = log.begin();
    expect([...view.functions.values()].map((f) => f.name).sort()).toEqual(['callee', 'caller']);
    log.end();
    const [key, answer] = [...reads.answers][0]!;
    const [kind, ...args] = key.split('\u0001');
    expect(kind).toBe('opaque');
    expect(graphAnswer(graph, kind!, args)).not.toBe(answer);
  });

  it('records a query as a whole, not the reads inside it, but always the files whose bodies were read', async () => {
    const { snapshot } = await inlineTree(FILES);
    const log = new ReadLog();
    const types = recordingTypes(new TypeTable(snapshot), log);
    const reads = log.begin();
    const inner = log.asked(queryKey('outer'), () => {
      log.read(queryKey('inside'), () => 'x');
      log.readAlways(queryKey('file', 'mm/gone.c'), () => MISSING);
      return types.structOfPath('box', ['size']);
    });
    log.note('a bound was reached');
    log.end();
    expect(inner).toBeUndefined();
    expect([...reads.answers]).toEqual([
      [queryKey('file', 'mm/gone.c'), MISSING],
      [queryKey('outer'), MISSING],
    ]);
    expect([...reads.notes]).toEqual(['a bound was reached']);
    expect(unreadableNotes(reads.answers)).toEqual(['mm/gone.c: source text not available for replay']);
  });
});
