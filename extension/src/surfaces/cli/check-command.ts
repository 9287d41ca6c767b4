// `check` and `simulate`: replay the tree's hotplug paths under a scenario; print findings or traces.
// Exit codes for check: 0 no error-severity findings, 1 some, 2 usage or I/O errors.

import type { RootContext } from '../../core/model/root.js';
import { existsSync, readFileSync } from 'node:fs';
import { analyze } from '../../core/analysis/analyze.js';
import { defaultConfig } from '../../core/kernel/config.js';
import { EVERY_RULE } from '../../core/patch/all-rules.js';
import type { SeverityOverride } from '../../core/rules/runner.js';
import { findScenario, parseScenario } from '../../core/sim/scenario.js';
import { formatFindingsText } from '../../core/report/findings-text.js';
import { formatTrace, TraceRecorder } from '../../core/report/trace.js';
import { openWithPatches, warn, type TreeOpts } from './commands.js';
import { analyzeTreeOnDemand } from './session.js';
import type { Completeness } from '../node/demand-tree.js';
import type { Analysis } from '../../core/analysis/analyze.js';
import { UsageError } from './session.js';
import { TOOL_VERSION } from './version.js';
import { analyzeTimed } from './timed-analyze.js';
import { timings } from './timings.js';
import { runReview } from './review-command.js';
import { formatFindingsSarif } from '../../core/report/sarif-plain.js';
import { SHIPPED_SCENARIOS } from '../../core/kernel/scenarios.js';
import type { Scenario } from '../../core/model/scenario.js';

interface CheckOpts extends TreeOpts {
  scenario: string;
  rule?: string[];
  entry?: string[];
  format: 'text' | 'json' | 'sarif' | 'email';
  perPatch?: boolean;
  commits?: string;
  /** Parse only the files the roots reach; measured slower cold than the full index on Debian 6.1, so opt-in. */
  demand?: boolean;
  /** Parse every scope file before the replay (the default). */
  full?: boolean;
  /** After the findings, parse the files the demand-driven run left out (fills the facts cache). */
  finish?: boolean;
}

interface SimulateOpts extends TreeOpts {
  function: string;
  scenario: string;
  format: 'text' | 'json';
}

export function loadScenario(arg: string): Scenario {
  if (existsSync(arg)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(arg, 'utf8'));
    } catch (err) {
      throw new UsageError(`--scenario ${arg}: not valid JSON (${(err as Error).message})`);
    }
    const s = parseScenario(json);
    if (typeof s === 'string') throw new UsageError(`--scenario ${arg}: ${s}`);
    return s;
  }
  const s = findScenario(arg);
  if (!s)
    throw new UsageError(
      `--scenario ${arg}: no such file, and not a shipped scenario (${SHIPPED_SCENARIOS.map((x) => x.name).join(', ')})`,
    );
  return s;
}

export function parseRuleLevels(specs: readonly string[] = []): Record<string, SeverityOverride> {
  const ids = new Set(EVERY_RULE.map((r) => r.id));
  const out: Record<string, SeverityOverride> = {};
  for (const spec of specs) {
    const m = /^([\w-]+)=(off|info|warning|error)$/.exec(spec);
    if (!m) throw new UsageError(`--rule ${spec}: expected ID=off|info|warning|error`);
    if (!ids.has(m[1]!)) throw new UsageError(`--rule ${spec}: no rule ${m[1]} (rules: ${[...ids].join(', ')})`);
    out[m[1]!] = m[2] as SeverityOverride;
  }
  return out;
}

export async function runCheckCommand(opts: CheckOpts): Promise<number> {
  const scenario = loadScenario(opts.scenario);
  const rules = parseRuleLevels(opts.rule);
  if (opts.commits !== undefined && opts.patch?.length)
    throw new UsageError('--commits and --patch both name the series; give one of them');
  if (opts.patch?.length || opts.commits !== undefined)
    return runReview({
      ...opts,
      perPatch: opts.perPatch === true,
      check: { scenario, rules, ...(opts.entry?.length ? { entries: opts.entry } : {}) },
    });
  if (opts.format === 'email')
    throw new UsageError('--format email writes a reply to a patch: give the patch with --patch');
  const analysis = {
    scenario,
    rules,
    config: defaultConfig(opts.arch),
    trace: false as const,
    ...(opts.entry?.length ? { entries: opts.entry } : {}),
  };
  let result: Analysis;
  let completeness: Completeness;
  let finish: (() => Promise<number>) | undefined;
  if (opts.full || !opts.demand) {
    const tree = await openWithPatches(opts);
    result = await analyzeTimed(tree.snapshot, analysis);
    const parsed = tree.snapshot.files.size;
    completeness = { answer: 'complete', mode: 'full', parsed, files: parsed, rounds: 1, leftOut: 'nothing' };
  } else {
    const run = await analyzeTreeOnDemand(
      { tree: opts.tree, cache: opts.cache, ...(opts.jobs ? { jobs: opts.jobs } : {}) },
      analysis,
    );
    for (const n of run.snapshot.notes) warn(`${n.path}${n.line ? `:${n.line}` : ''}: note: ${n.message}`);
    ({ analysis: result, completeness } = run);
    finish = run.finish;
  }
  timings.time('output', () => {
    if (opts.format === 'json')
      process.stdout.write(
        `${JSON.stringify({ scenario: result.scenario, entries: result.entries, roots: result.roots.map(rootJson), findings: result.findings, notes: result.truncations, completeness }, null, 2)}\n`,
      );
    else if (opts.format === 'sarif')
      process.stdout.write(
        formatFindingsSarif(result.findings, {
          rules: EVERY_RULE,
          toolVersion: TOOL_VERSION,
        }),
      );
    else {
      process.stdout.write(`${formatFindingsText(result.findings, result.truncations)}\n`);
      if (completeness.mode === 'demand') warn(completenessLine(completeness));
    }
  });
  if (opts.finish && finish) {
    const n = await timings.timeAsync('finish', finish);
    warn(`finished the index: ${n} more files parsed into the facts cache`);
  }
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

export async function runSimulate(opts: SimulateOpts): Promise<number> {
  const scenario = loadScenario(opts.scenario);
  const tree = await openWithPatches(opts);
  const recorder = new TraceRecorder();
  const result = analyze(tree.snapshot, {
    scenario,
    entries: [opts.function],
    trace: false,
    tap: recorder,
    memoize: false,
    config: defaultConfig(opts.arch),
  });
  const fn = result.graph.resolver.named(opts.function)[0];
  if (!fn) throw new UsageError(`--function ${opts.function}: not defined in this tree (for this configuration)`);
  const trace = recorder.paths(scenario);
  if (opts.format === 'json')
    process.stdout.write(
      `${JSON.stringify({ function: fn.name, scenario: scenario.name, paths: trace, findings: result.findings, notes: result.truncations }, null, 2)}\n`,
    );
  else process.stdout.write(`${formatTrace(fn.name, scenario, trace, result.findings, result.truncations)}\n`);
  return 0;
}

/** The text output's last word on how complete the findings are. */
function completenessLine(c: Completeness): string {
  const how =
    c.mode === 'full'
      ? `every one of the ${c.files} C files in scope parsed`
      : `${c.parsed} of ${c.files} C files in scope parsed in ${c.rounds} rounds; left out: ${c.leftOut}`;
  return `findings ${c.answer}: ${how}`;
}

/** A replayed root as the JSON output lists it: why it is one, and where that is declared. */
function rootJson(r: RootContext): Record<string, unknown> {
  return {
    name: r.name,
    kind: r.kind,
    why: r.why,
    exported: r.exported,
    startModelKnown: r.startModelKnown,
    ...(r.declaredAt ? { declaredAt: r.declaredAt } : {}),
  };
}
