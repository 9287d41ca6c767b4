// Issue 4 "Done when", machine formats of the fixture series review: SARIF 2.1.0 checked structurally
// (rules, results and their references, baselineState from New/Fixed/Old, codeFlows for chains,
// partialFingerprints that survive line shifts) and JSON with New/Fixed/Old and the path changes.

import { rmSync } from 'node:fs';
import type { Log, Result } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCli } from '../cli/run-cli.js';
import { checkPatch, reviewJson, type ReviewFinding, type ReviewJson } from './review-cli.js';

const SERIES = 'test-fixtures/series/add-device-memory.mbox';
const LEVELS = ['none', 'note', 'warning', 'error'];

let cache: string;
let sarif: Log;
let json: ReviewJson;
let plain: Log;
beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
  const run = checkPatch([SERIES], cache, ['--format', 'sarif']);
  expect(run.code).toBe(0);
  sarif = JSON.parse(run.stdout) as Log;
  json = reviewJson([SERIES], cache).json;
  // The same tree without the series, as plain `check` reports it.
  plain = JSON.parse(runCli(['check', '--format', 'sarif'], cache).stdout) as Log;
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const where = (r: Result) => {
  const loc = r.locations![0]!.physicalLocation!;
  return `${loc.artifactLocation!.uri}:${loc.region!.startLine}`;
};
const fingerprint = (r: Result) => r.partialFingerprints!['memhpFingerprint/v1']!;

describe('SARIF for the fixture series', () => {
  it('is a well-formed SARIF 2.1.0 log: every result names a defined rule and points into the tree', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(run.tool.driver.name).not.toBe('');
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(LEVELS).toContain(rule.defaultConfiguration?.level);
    }
    expect(Object.keys(run.originalUriBaseIds ?? {})).toEqual(['SRCROOT']);
    for (const r of run.results!) {
      expect(rules[r.ruleIndex!]!.id).toBe(r.ruleId);
      expect(LEVELS).toContain(r.level);
      expect(r.message.text).toBeTruthy();
      const loc = r.locations![0]!.physicalLocation!;
      expect(loc.artifactLocation).toMatchObject({ uriBaseId: 'SRCROOT' });
      expect(loc.artifactLocation!.uri).not.toMatch(/^\//);
      expect(loc.region!.startLine).toBeGreaterThan(0);
      expect(loc.region!.startColumn).toBeGreaterThan(0);
      expect(fingerprint(r)).toMatch(/^[\w-]+\|\w+\|/);
      const ids = (r.relatedLocations ?? []).map((l) => l.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const flow of r.codeFlows ?? []) {
        for (const thread of flow.threadFlows) {
          expect(thread.locations.length).toBeGreaterThan(0);
          for (const step of thread.locations) expect(step.location?.message?.text).toMatch(/^\w+\(\) calls \w+\(\)/);
        }
      }
    }
    expect(run.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('sets baselineState from the split: New is new, Fixed is absent, Old is unchanged', () => {
    const results = sarif.runs[0]!.results!;
    const state = (bucket: ReviewFinding[]) =>
      bucket.map((f) => `${f.location.file}:${f.location.line} ${f.fingerprint}`);
    const withState = (s: string) =>
      results.filter((r) => r.baselineState === s).map((r) => `${where(r)} ${fingerprint(r)}`);
    expect(withState('new')).toEqual(state(json.findings.new));
    expect(withState('absent')).toEqual(state(json.findings.fixed));
    expect(withState('unchanged')).toEqual(state(json.findings.old));
    expect(results.map((r) => `${r.baselineState} ${r.ruleId} ${where(r)}`)).toEqual([
      'new kasan-under-hotplug-lock mm/memory_hotplug.c:498',
      'new kasan-under-hotplug-lock mm/memory_hotplug.c:503',
      'new kasan-under-hotplug-lock mm/memory_hotplug.c:544',
      'new kasan-under-hotplug-lock mm/memory_hotplug.c:544',
      'absent kasan-under-hotplug-lock kernel/memremap.c:124',
      'absent kasan-under-hotplug-lock kernel/memremap.c:124',
      'absent kasan-under-hotplug-lock kernel/memremap.c:211',
      'absent inconsistent-lock-context kernel/memremap.c:242',
      'unchanged memmap-uninitialized-access arch/x86/mm/init_64.c:79',
      'unchanged memmap-uninitialized-access arch/x86/mm/init_64.c:79',
      'unchanged unbalanced-teardown kernel/memremap.c:226',
      'unchanged unbalanced-teardown mm/hmm.c:205',
      'unchanged unbalanced-teardown mm/hmm.c:205',
    ]);
  });

  it('gives each chain as a code flow, step by step at its call lines', () => {
    const results = sarif.runs[0]!.results!;
    for (const [i, f] of [...json.findings.new, ...json.findings.fixed, ...json.findings.old].entries()) {
      const steps = results[i]!.codeFlows?.[0]?.threadFlows[0]?.locations ?? [];
      expect(
        steps.map(
          (s) =>
            `${s.location!.physicalLocation!.artifactLocation!.uri}:${s.location!.physicalLocation!.region!.startLine}`,
        ),
      ).toEqual(f.chain.map((c) => `${c.file}:${c.line}`));
    }
    const release = results[2]!;
    expect(release.codeFlows![0]!.message?.text).toBe(
      'devm_memremap_pages() -> devm_memremap_pages_release() -> del_device_memory()',
    );
    expect(release.codeFlows![0]!.threadFlows[0]!.locations.map((s) => s.location!.message!.text)).toEqual([
      'devm_memremap_pages() calls devm_memremap_pages_release() (registered via devm_add_action)',
      'devm_memremap_pages_release() calls del_device_memory()',
    ]);
    // The lock acquisition site of a New finding and its + line in the mail are related locations.
    const related = results[0]!.relatedLocations!.map(
      (l) => `${l.physicalLocation!.artifactLocation!.uri}:${l.physicalLocation!.region!.startLine} ${l.message!.text}`,
    );
    expect(related).toContain('kernel/memremap.c:209 mem_hotplug_lock (write) taken here via mem_hotplug_begin()');
    expect(related).toContain(
      `${SERIES}:154 added by "[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions" at ${SERIES}:154, mm/memory_hotplug.c hunk #1`,
    );
  });

  it('keeps partialFingerprints when a finding only moves lines: the Old ones match plain check on the tree before', () => {
    const before = new Map(plain.runs[0]!.results!.map((r) => [fingerprint(r), where(r)]));
    const unchanged = sarif.runs[0]!.results!.filter((r) => r.baselineState === 'unchanged');
    expect(unchanged.map((r) => `${before.get(fingerprint(r))} -> ${where(r)}`)).toEqual([
      'arch/x86/mm/init_64.c:79 -> arch/x86/mm/init_64.c:79',
      'arch/x86/mm/init_64.c:79 -> arch/x86/mm/init_64.c:79',
      'kernel/memremap.c:237 -> kernel/memremap.c:226',
      'mm/hmm.c:222 -> mm/hmm.c:205',
      'mm/hmm.c:222 -> mm/hmm.c:205',
    ]);
    // What the series fixed is what plain check found before it, fingerprint for fingerprint.
    const absent = sarif.runs[0]!.results!.filter((r) => r.baselineState === 'absent');
    expect(absent.map((r) => before.get(fingerprint(r)))).toEqual(absent.map(where));
  });
});

describe('JSON for the fixture series', () => {
  it('splits findings into New, Fixed and Old, each with its status, patch line or earlier place', () => {
    expect(Object.keys(json.findings)).toEqual(['new', 'fixed', 'old']);
    for (const [bucket, list] of Object.entries(json.findings)) for (const f of list) expect(f.status).toBe(bucket);
    expect(json.findings.new.map((f) => [f.patch!.sign, f.patch!.treeFile, f.patch!.treeLine])).toEqual([
      ['+', 'mm/memory_hotplug.c', 498],
      ['+', 'mm/memory_hotplug.c', 503],
      ['+', 'mm/memory_hotplug.c', 544],
      ['+', 'mm/memory_hotplug.c', 544],
    ]);
    expect(json.findings.fixed.map((f) => [f.patch!.sign, f.patch!.treeFile, f.patch!.treeLine])).toEqual([
      ['-', 'kernel/memremap.c', 124],
      ['-', 'kernel/memremap.c', 124],
      ['-', 'kernel/memremap.c', 211],
      ['-', 'kernel/memremap.c', 242],
    ]);
    expect(json.findings.old.map((f) => f.before && `${f.before.file}:${f.before.line}`)).toEqual([
      'arch/x86/mm/init_64.c:79',
      'arch/x86/mm/init_64.c:79',
      'kernel/memremap.c:237',
      'mm/hmm.c:222',
      'mm/hmm.c:222',
    ]);
    expect([json.version, json.reviewed]).toEqual([1, true]);
  });

  it('lists the path changes: into the helpers added, the open-coded calls removed', () => {
    expect(json.paths.added).toContain('devm_memremap_pages() -> add_device_memory() -> arch_add_memory()');
    expect(json.paths.added).toContain(
      'devm_memremap_pages() -> devm_memremap_pages_release() -> del_device_memory() -> arch_remove_memory()',
    );
    expect(json.paths.added).toContain('hmm_devmem_pages_create() -> add_device_memory() -> move_pfn_range_to_zone()');
    expect(json.paths.removed).toContain('devm_memremap_pages() -> move_pfn_range_to_zone()');
    expect(json.paths.removed).toContain('hmm_devmem_release() -> arch_remove_memory()');
    expect([json.paths.added.length, json.paths.removed.length]).toEqual([37, 26]);
    expect(json.paths.added.every((p) => /add_device_memory|del_device_memory/.test(p))).toBe(true);
    expect(json.paths.removed.some((p) => /_device_memory/.test(p))).toBe(false);
  });
});
