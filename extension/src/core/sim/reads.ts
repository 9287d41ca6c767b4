// What one root's replay reads outside its own walk: each answer it took from the graph, the snapshot, the
// type and object tables and the engine's caches shared between roots, keyed by the question, so a later
// analysis can ask the same questions and reuse the replay when every answer is the same. Records nothing
// while no root is recorded; never changes an answer.

import type { CallGraph } from '../callgraph/graph.js';
import type { FnNode } from '../callgraph/definitions.js';
import { unreadableNote } from './bodies.js';

/** Separates a query's kind and arguments in its key; MISSING stands for an undefined argument or answer. */
export const SEP = '\u0001';
export const MISSING = '\u0002';
/** The answer of a read that cannot be asked again (iterating the whole graph): it never matches. */
const OPAQUE = '\u0003opaque';

export function queryKey(kind: string, ...args: readonly (string | undefined)[]): string {
  return [kind, ...args.map((a) => a ?? MISSING)].join(SEP);
}

/** The arguments of a key made by queryKey. */
export function queryArgs(key: string): { kind: string; args: (string | undefined)[] } {
  const [kind, ...args] = key.split(SEP);
  return { kind: kind!, args: args.map((a) => (a === MISSING ? undefined : a)) };
}

/** The reads of one root, first occurrence first, and the notes it added. */
export interface RootReads {
  readonly answers: Map<string, string>;
  readonly notes: Set<string>;
}

export class ReadLog {
  private current: RootReads | undefined;
  private quiet = 0;

  /** Starts recording a root's reads. */
  begin(): RootReads {
    this.current = { answers: new Map(), notes: new Set() };
    this.quiet = 0;
    return this.current;
  }

  end(): void {
    this.current = undefined;
  }

  get active(): boolean {
    return this.current !== undefined && this.quiet === 0;
  }

  /** Records the answer to a question, unless it was asked before in this root or inside a recorded query. */
  read(key: string, answer: () => string): void {
    if (!this.active || this.current!.answers.has(key)) return;
    this.current!.answers.set(key, answer());
  }

  /** Records a read even inside a recorded query (the files whose bodies were read: their notes count). */
  readAlways(key: string, answer: () => string): void {
    if (this.current && !this.current.answers.has(key)) this.current.answers.set(key, answer());
  }

  /** A read this log cannot ask again: the root is never reused. */
  opaque(what: string): void {
    this.read(queryKey('opaque', what), () => OPAQUE);
  }

  note(text: string): void {
    this.current?.notes.add(text);
  }

  /** Runs a query whose answer is recorded as a whole: the reads inside it are not. */
  asked<T>(key: string, compute: () => T, answer: (v: T) => string = fingerprint): T {
    if (!this.active) return compute();
    this.quiet++;
    let value: T;
    try {
      value = compute();
    } finally {
      this.quiet--;
    }
    this.read(key, () => answer(value));
    return value;
  }
}

/** The notes of unreadable files that a root's recorded reads imply (the body store notes each once per analysis). */
export function unreadableNotes(answers: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [key, answer] of answers) {
    if (answer !== MISSING) continue;
    const { kind, args } = queryArgs(key);
    if (kind === 'file') out.push(unreadableNote(args[0]!));
  }
  return out;
}

/** A query answered by `compute`, recorded in `log` when there is one. */
export function asked<T>(log: ReadLog | undefined, key: string, compute: () => T): T {
  return log ? log.asked(key, compute) : compute();
}

const cachedPrints = new WeakMap<object, string>();

/** A function node, edge or call list, or a function body as text: each is immutable once built. */
export function fingerprintShared(x: object | undefined): string {
  if (x === undefined) return MISSING;
  let s = cachedPrints.get(x);
  if (s === undefined) {
    s = fingerprint(x);
    cachedPrints.set(x, s);
  }
  return s;
}

/** A value as text, equal exactly when the values are: Maps, Sets, bigints and undefined are kept apart. */
export function fingerprint(x: unknown): string {
  if (x === undefined) return MISSING;
  return JSON.stringify(x, (_k, v: unknown) => {
    if (typeof v === 'bigint') return { $big: v.toString() };
    if (v instanceof Map) return { $map: [...v.entries()] };
    if (v instanceof Set) return { $set: [...v.values()] };
    if (v === undefined) return { $undef: 1 };
    return v;
  });
}

/** A view of a map that records each key read; iterating it is a read of the whole map. */
class RecordingMap<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly inner: ReadonlyMap<string, V>,
    private readonly kind: string,
    private readonly log: ReadLog,
    private readonly print: (v: V | undefined) => string,
  ) {}
  get(key: string): V | undefined {
    const v = this.inner.get(key);
    this.log.read(queryKey(this.kind, key), () => this.print(v));
    return v;
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  get size(): number {
    this.log.opaque(`${this.kind} size`);
    return this.inner.size;
  }
  forEach(each: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    this.log.opaque(`${this.kind} all`);
    this.inner.forEach((v, k) => each(v, k, this));
  }
  entries(): MapIterator<[string, V]> {
    this.log.opaque(`${this.kind} all`);
    return this.inner.entries();
  }
  keys(): MapIterator<string> {
    this.log.opaque(`${this.kind} all`);
    return this.inner.keys();
  }
  values(): MapIterator<V> {
    this.log.opaque(`${this.kind} all`);
    return this.inner.values();
  }
  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}

/** Methods of an object whose answers are recorded by name and arguments; any other member is opaque. */
function recordingView<T extends object>(target: T, kind: string, methods: ReadonlySet<string>, log: ReadLog): T {
  return new Proxy(target, {
    get(t, prop) {
      const v: unknown = Reflect.get(t, prop, t);
      if (typeof v !== 'function') {
        if (typeof prop === 'string') log.opaque(`${kind}.${prop}`);
        return v;
      }
      const fn = v as (...args: unknown[]) => unknown;
      const name = String(prop);
      if (!methods.has(name))
        return (...args: unknown[]) => {
          log.opaque(`${kind}.${name}()`);
          return fn.apply(t, args);
        };
      return (...args: unknown[]) => log.asked(queryKey(kind, name, JSON.stringify(args)), () => fn.apply(t, args));
    },
  });
}

export const TYPE_QUERIES: ReadonlySet<string> = new Set(['ownersOfField', 'canonical', 'structOf', 'structOfPath']);
export const OBJECT_QUERIES: ReadonlySet<string> = new Set(['assignedValue', 'initializedValues', 'attributeOwner']);

export function recordingTypes<T extends object>(types: T, log: ReadLog): T {
  return recordingView(types, 'types', TYPE_QUERIES, log);
}

export function recordingObjects<T extends object>(objects: T, log: ReadLog): T {
  return recordingView(objects, 'objects', OBJECT_QUERIES, log);
}

const nodePrint = (n: FnNode | undefined) => fingerprintShared(n);
const edgePrint = (e: readonly unknown[] | undefined) => fingerprintShared(e);

/** The graph as a replay sees it, each node, edge list and resolution it reads recorded. */
export function recordingGraph(graph: CallGraph, log: ReadLog): CallGraph {
  const functions = new RecordingMap(graph.functions, 'fn', log, nodePrint);
  const resolver = new Proxy(graph.resolver, {
    get(t, prop) {
      switch (prop) {
        case 'resolve':
          return (name: string, file?: string) => {
            const n = t.resolve(name, file);
            log.read(queryKey('resolve', name, file), () => nodePrint(n));
            return n;
          };
        case 'named':
          return (name: string) => {
            const ns = t.named(name);
            log.read(queryKey('named', name), () => ns.map(nodePrint).join(SEP));
            return ns;
          };
        case 'definitionsOf':
          return (name: string) => {
            const ns = t.definitionsOf(name);
            log.read(queryKey('defs', name), () => ns.map(nodePrint).join(SEP));
            return ns;
          };
        case 'all':
          return functions;
      }
      const v: unknown = Reflect.get(t, prop, t);
      if (typeof prop === 'string') log.opaque(`resolver.${prop}`);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
  return {
    functions,
    outgoing: new RecordingMap(graph.outgoing, 'out', log, edgePrint),
    incoming: new RecordingMap(graph.incoming, 'in', log, edgePrint),
    resolver,
    get notes() {
      log.opaque('graph notes');
      return graph.notes;
    },
    get stats() {
      log.opaque('graph stats');
      return graph.stats;
    },
  };
}

/** How the graph answers a recorded graph query now; undefined for a kind the graph does not answer. */
export function graphAnswer(graph: CallGraph, kind: string, args: readonly (string | undefined)[]): string | undefined {
  const [a, b] = args;
  switch (kind) {
    case 'fn':
      return nodePrint(graph.functions.get(a!));
    case 'out':
      return edgePrint(graph.outgoing.get(a!));
    case 'in':
      return edgePrint(graph.incoming.get(a!));
    case 'resolve':
      return nodePrint(graph.resolver.resolve(a!, b));
    case 'named':
      return graph.resolver.named(a!).map(nodePrint).join(SEP);
    case 'defs':
      return graph.resolver.definitionsOf(a!).map(nodePrint).join(SEP);
    case 'opaque':
      return '';
  }
  return undefined;
}
