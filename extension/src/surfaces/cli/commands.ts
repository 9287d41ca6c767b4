// The CLI's commands: each opens the tree, runs the core, prints one format. Returns the exit code.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCallGraph } from '../../core/callgraph/graph.js';
import { defaultConfig } from '../../core/kernel/config.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS } from '../../core/kernel/entries.js';
import { tracePaths } from '../../core/paths/trace.js';
import { formatPathsDot, formatPathsText, pathsJson } from '../../core/report/paths.js';
import { indexJson } from '../../core/report/index-json.js';
import { terminalSafe } from '../../core/report/escape.js';
import { splitMails, orderSeries, type PatchMail } from '../../core/patch/mbox.js';
import { applyMails } from '../../core/patch/apply.js';
import { decodeSource } from '../../core/syntax/decode.js';
import { openTree, UsageError, type OpenedTree } from './session.js';

interface TreeOpts {
  tree?: string;
  arch: string;
  cache: boolean;
  patch?: string[];
}

interface PathsOpts extends TreeOpts {
  from?: string[];
  to?: string[];
  maxDepth: number;
  maxPaths: number;
  format: 'text' | 'json' | 'dot';
}

const warn = (line: string) => process.stderr.write(`${terminalSafe(line)}\n`);

async function open(opts: TreeOpts): Promise<OpenedTree> {
  const opened = await openTree({ tree: opts.tree, arch: opts.arch, cache: opts.cache });
  for (const n of opened.snapshot.notes) warn(`${n.path}${n.line ? `:${n.line}` : ''}: note: ${n.message}`);
  if (opts.patch?.length) return applyPatchFiles(opened, opts.patch, opts.arch);
  return opened;
}

function readPatchFile(file: string): PatchMail[] {
  if (!existsSync(file)) throw new UsageError(`--patch ${file}: no such file`);
  const decoded = decodeSource(readFileSync(file));
  if (!decoded.ok) throw new UsageError(`--patch ${file}: ${decoded.reason}`);
  return splitMails(decoded.text);
}

function applyPatchFiles(opened: OpenedTree, files: string[], arch: string): OpenedTree {
  const mails = orderSeries(files.flatMap(readPatchFile));
  const result = applyMails(mails, (p) => {
    const abs = join(opened.root, p);
    if (!existsSync(abs)) return undefined;
    const d = decodeSource(readFileSync(abs));
    return d.ok ? d.text : undefined;
  });
  for (const p of result.problems) warn(`${p.file ?? ''}${p.file ? ': ' : ''}patch "${p.mail}" (line ${p.line}): ${p.message}`);
  const encoder = new TextEncoder();
  for (const [path, text] of result.changes) {
    if (text === null) opened.workspace.remove(path);
    else opened.workspace.applyChange(path, encoder.encode(text));
  }
  const snapshot = opened.workspace.snapshot();
  return { ...opened, snapshot, graph: buildCallGraph(snapshot, defaultConfig(arch)) };
}

export async function runPaths(opts: PathsOpts): Promise<number> {
  const { graph } = await open(opts);
  const result = tracePaths(graph, {
    from: opts.from?.length ? opts.from : DEFAULT_ENTRIES,
    to: opts.to?.length ? opts.to : DEFAULT_TARGETS,
    maxDepth: opts.maxDepth,
    maxPaths: opts.maxPaths,
  });
  const explicit = new Set([...(opts.from ?? []), ...(opts.to ?? [])]);
  for (const name of result.missing) {
    if (explicit.has(name)) warn(`note: ${name}() is not defined in this tree (for this configuration)`);
  }
  if (opts.format === 'json') process.stdout.write(`${JSON.stringify(pathsJson(graph, result), null, 2)}\n`);
  else if (opts.format === 'dot') process.stdout.write(`${formatPathsDot(graph, result)}\n`);
  else process.stdout.write(`${formatPathsText(graph, result)}\n`);
  return 0;
}

export async function runIndex(opts: TreeOpts): Promise<number> {
  const { snapshot, graph } = await open(opts);
  process.stdout.write(`${JSON.stringify(indexJson(snapshot, graph))}\n`);
  return 0;
}
