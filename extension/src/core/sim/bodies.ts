// Extracts function bodies on demand: parses a file once, keeps the statement structure of each of its
// functions by start line, frees the tree. Only the functions the simulator replays are ever parsed.

import type { Parser, Tree } from 'web-tree-sitter';
import type { Blanked } from '../syntax/blank.js';
import { functionBody, type FunctionBody } from '../syntax/body.js';
import { parseKernelC } from '../syntax/frontend.js';
import type { Snapshot } from '../workspace/workspace.js';

/**
 * Bodies of files by content hash, kept by a host from one analysis to the next (the editor re-analyses
 * after every edit, and only the edited file's bodies differ). Holds the files of the last `limit` loads.
 */
export class BodyCache {
  private readonly byHash = new Map<string, Map<number, FunctionBody>>();

  constructor(private readonly limit = 2048) {}

  get(hash: string): Map<number, FunctionBody> | undefined {
    const bodies = this.byHash.get(hash);
    if (bodies) {
      this.byHash.delete(hash);
      this.byHash.set(hash, bodies);
    }
    return bodies;
  }

  set(hash: string, bodies: Map<number, FunctionBody>): void {
    this.byHash.set(hash, bodies);
    if (this.byHash.size > this.limit) this.byHash.delete(this.byHash.keys().next().value!);
  }
}

export class BodyStore {
  private readonly byFile = new Map<string, Map<number, FunctionBody>>();
  readonly problems: string[] = [];

  constructor(
    private readonly parser: Parser,
    private readonly snapshot: Snapshot,
    private readonly shared?: BodyCache,
  ) {}

  body(file: string, line: number): FunctionBody | undefined {
    let bodies = this.byFile.get(file);
    if (!bodies) {
      bodies = this.load(file);
      this.byFile.set(file, bodies);
    }
    return bodies.get(line);
  }

  private load(file: string): Map<number, FunctionBody> {
    const hash = this.snapshot.files.get(file)?.hash;
    const known = hash !== undefined ? this.shared?.get(hash) : undefined;
    if (known) return known;
    const text = this.snapshot.text(file);
    if (text === undefined) {
      this.problems.push(unreadableNote(file));
      return new Map();
    }
    const parsed = parseKernelC(this.parser, text);
    try {
      const bodies = bodiesOf(parsed);
      if (hash !== undefined) this.shared?.set(hash, bodies);
      return bodies;
    } finally {
      parsed.tree.delete();
    }
  }
}

export function unreadableNote(file: string): string {
  return `${file}: source text not available for replay`;
}

/** The statement structure of every function definition of a parsed file, by its start line. */
export function bodiesOf(parsed: Blanked & { tree: Tree }): Map<number, FunctionBody> {
  const out = new Map<number, FunctionBody>();
  const iterators = new Map(parsed.iterators.map((m) => [m.offset, m.word]));
  for (const fn of parsed.tree.rootNode.descendantsOfType('function_definition')) {
    if (!fn) continue;
    const body = functionBody(fn, (offset) => iterators.get(offset));
    if (body) out.set(fn.startPosition.row + 1, body);
  }
  return out;
}
