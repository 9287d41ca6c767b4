// The server's settings: the LSP initialization options (or a workspace/didChangeConfiguration `memhp`
// section), shaped like the editor's memhp.* settings. Anything that does not fit is named in a problem
// and its default is used.

import { DEFAULT_SETTINGS, type HostSettings } from '../../core/analysis/settings.js';
import { EVERY_RULE } from '../../core/patch/all-rules.js';
import type { SeverityOverride } from '../../core/rules/runner.js';
import { SHIPPED_SCENARIOS } from '../../core/kernel/scenarios.js';

export interface ReadSettings {
  settings: HostSettings;
  /** One sentence per option that was ignored, naming it. */
  problems: string[];
}

const LEVELS: readonly string[] = ['off', 'info', 'warning', 'error'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readSettings(value: unknown): ReadSettings {
  const problems: string[] = [];
  const settings: HostSettings = { ...DEFAULT_SETTINGS, rules: {} };
  if (value === undefined || value === null) return { settings, problems };
  if (!isObject(value)) return { settings, problems: ['memhp settings: expected an object; using the defaults'] };
  const section = (key: string): Record<string, unknown> => {
    const v = value[key];
    if (v === undefined) return {};
    if (isObject(v)) return v;
    problems.push(`memhp.${key}: expected an object; using the defaults`);
    return {};
  };
  const strings = (key: string, v: unknown, fallback: readonly string[], allowEmpty: boolean): readonly string[] => {
    if (v === undefined) return fallback;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string') && (allowEmpty || v.length > 0)) return v;
    problems.push(`memhp.${key}: expected a list of strings; using the default`);
    return fallback;
  };
  const count = (key: string, v: unknown, fallback: number, max: number): number => {
    if (v === undefined) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max) return v;
    problems.push(`memhp.${key}: expected a whole number from 1 to ${max}; using ${fallback}`);
    return fallback;
  };

  const index = section('index');
  settings.include = strings('index.include', index.include, DEFAULT_SETTINGS.include, false);
  settings.exclude = strings('index.exclude', index.exclude, DEFAULT_SETTINGS.exclude, true);
  const paths = section('paths');
  settings.entries = strings('paths.entries', paths.entries, DEFAULT_SETTINGS.entries, true);
  if (settings.entries.length === 0) settings.entries = DEFAULT_SETTINGS.entries;
  settings.targets = strings('paths.targets', paths.targets, DEFAULT_SETTINGS.targets, true);
  if (settings.targets.length === 0) settings.targets = DEFAULT_SETTINGS.targets;
  settings.maxDepth = count('paths.maxDepth', paths.maxDepth, DEFAULT_SETTINGS.maxDepth, 40);
  settings.maxPaths = count('paths.maxPaths', paths.maxPaths, DEFAULT_SETTINGS.maxPaths, 100_000);

  if (value.arch !== undefined) {
    if (typeof value.arch === 'string' && /^[a-z0-9_]+$/.test(value.arch)) settings.arch = value.arch;
    else problems.push(`memhp.arch: expected an architecture name such as x86 or arm64; using x86`);
  }
  if (value.scenario !== undefined) {
    const names = SHIPPED_SCENARIOS.map((s) => s.name);
    if (typeof value.scenario === 'string' && names.includes(value.scenario)) settings.scenario = value.scenario;
    else problems.push(`memhp.scenario: expected one of ${names.join(', ')}; using default`);
  }
  const rules = section('rules');
  const known = new Set(EVERY_RULE.map((r) => r.id));
  for (const [id, level] of Object.entries(rules)) {
    if (!known.has(id)) problems.push(`memhp.rules: no rule ${id} (rules: ${[...known].join(', ')})`);
    else if (typeof level !== 'string' || !LEVELS.includes(level))
      problems.push(`memhp.rules.${id}: expected off, info, warning or error`);
    else settings.rules[id] = level as SeverityOverride;
  }
  return { settings, problems };
}
