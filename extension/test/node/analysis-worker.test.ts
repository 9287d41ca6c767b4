// The editor's analysis in its worker thread (dist/analysis-worker.js) against the same service on this
// thread and against a fresh analyze() of the same files, on the kernel-shaped fixture tree: the published
// findings, paths and path tree, the hover and the call-graph view are the same; an edit reaches the
// worker's mirror and reuses the replays it does not touch; a request overtaken by a newer one is dropped.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, resolveScenario } from '../../src/core/analysis/analyze.js';
import { analyzeOptions, DEFAULT_SETTINGS } from '../../src/core/analysis/settings.js';
import { buildGraphView } from '../../src/core/views/call-graph.js';
import { hoverModel, locksFrom, SimulationIndex } from '../../src/core/views/hover.js';
import { buildPathTree } from '../../src/core/views/path-tree.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import {
  analysisWorkerScript,
  LocalBackend,
  WorkerBackend,
  type AnalysisBackend,
} from '../../src/surfaces/node/analysis-client.js';
import { listTreeFiles } from '../../src/surfaces/node/tree.js';
import { ensureBuilt, repoRoot } from '../cli/run-cli.js';
import { cParser } from '../syntax/parse.js';

const ROOT = join(repoRoot, 'test-fixtures/linux-6.x-shape');
const HOTPLUG = 'mm/memory_hotplug.c';
const request = (generation: number) => ({ generation, complete: true, settings: { ...DEFAULT_SETTINGS } });

const files = listTreeFiles(ROOT).map((path) => ({ path, bytes: new Uint8Array(readFileSync(join(ROOT, path))) }));
const failures: string[] = [];
let worker: WorkerBackend;
let local: LocalBackend;

/** A fresh analysis of the files with `changed` laid over them, as the views would show it. */
async function fresh(changed?: { path: string; text: string }) {
  const ws = new Workspace(await cParser(), undefined, true);
  for (const f of files) ws.applyChange(f.path, f.bytes);
  if (changed) ws.applyChange(changed.path, new TextEncoder().encode(changed.text));
  const simulation = new SimulationIndex();
  const options = analyzeOptions(DEFAULT_SETTINGS);
  const analysis = analyze(ws.snapshot(), { ...options, tap: simulation });
  return { analysis, simulation, scenario: resolveScenario(DEFAULT_SETTINGS.scenario) };
}

function feed(backend: AnalysisBackend): void {
  backend.reset();
  for (const f of files) backend.applyFile(f);
}

beforeAll(async () => {
  ensureBuilt();
  const script = analysisWorkerScript(join(repoRoot, 'dist'));
  expect(script).toBeDefined();
  worker = new WorkerBackend(script!, undefined, (m) => failures.push(m));
  local = new LocalBackend(await cParser(), undefined);
  feed(worker);
  feed(local);
}, 120_000);

afterAll(() => worker.dispose());

describe('the analysis worker', () => {
  it('publishes what a fresh analysis of the same files finds, as the service on this thread does', async () => {
    const [inWorker, here, expected] = await Promise.all([
      worker.analyse(request(1)),
      local.analyse(request(1)),
      fresh(),
    ]);
    expect(inWorker).toEqual(here);
    expect(inWorker!.findings).toEqual(expected.analysis.findings);
    expect(inWorker!.findings.length).toBeGreaterThan(0);
    expect(inWorker!.trace).toEqual(expected.analysis.paths);
    expect(inWorker!.pathTree).toEqual(buildPathTree(expected.analysis.graph, expected.analysis.paths));
    expect(inWorker!.fileCount).toBe(files.length);
    expect(inWorker!.replays).toEqual({ reused: 0, replayed: expected.analysis.roots.length });
    expect(inWorker!.graphOutcome).toBe('built (no graph of this configuration yet)');
    expect(failures).toEqual([]);
  }, 60_000);

  it('answers hovers and the call-graph view from its last analysis', async () => {
    const expected = await fresh();
    const site = expected.analysis.findings[0]!;
    const word = site.chain.at(-1)?.callee ?? site.function;
    const wanted = hoverModel(
      expected.simulation,
      expected.analysis.findings,
      expected.scenario,
      site.location.file,
      site.location.line,
      word,
    );
    expect(wanted?.chains.length).toBeGreaterThan(0);
    expect(await worker.hover(site.location.file, site.location.line, word)).toEqual(wanted);
    expect(await worker.graphView()).toEqual(
      buildGraphView(
        expected.analysis.graph,
        expected.analysis.paths,
        expected.analysis.findings,
        locksFrom(expected.simulation),
      ),
    );
  }, 60_000);

  it('takes an edit into its mirror, reuses the replays the edit does not reach, and drops an overtaken request', async () => {
    const text = readFileSync(join(ROOT, HOTPLUG), 'latin1').replace(/\n/, '\n\n');
    const edited = { path: HOTPLUG, bytes: new TextEncoder().encode(text) };
    worker.applyFile(edited);
    const overtaken = worker.analyse(request(2));
    const latest = worker.analyse(request(3));
    const expected = await fresh({ path: HOTPLUG, text });
    expect(await overtaken).toBeUndefined();
    const published = (await latest)!;
    expect(published.generation).toBe(3);
    expect(published.findings).toEqual(expected.analysis.findings);
    expect(published.trace).toEqual(expected.analysis.paths);
    expect(published.graphOutcome).toBe('updated (1 files relinked)');
    expect(published.replays!.reused + published.replays!.replayed).toBe(expected.analysis.roots.length);
    expect(failures).toEqual([]);
  }, 60_000);
});
