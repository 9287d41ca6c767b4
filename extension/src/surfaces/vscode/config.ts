// Typed reads of the memhp.* settings: the only place that calls getConfiguration. Defaults match the CLI.

import * as vscode from 'vscode';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/kernel/scope.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS } from '../../core/kernel/entries.js';
import type { SettingKey } from './ids.js';
import { EVERY_RULE } from '../../core/patch/all-rules.js';
import type { SeverityOverride } from '../../core/rules/runner.js';
import { findScenario } from '../../core/sim/scenario.js';
import { DEFAULT_SETTINGS, type HostSettings } from '../../core/analysis/settings.js';

/** The memhp.* settings as the core reads them (the LSP server takes the same from its options). */
export type Settings = HostSettings;

const LEVELS: readonly string[] = ['off', 'info', 'warning', 'error'];

function ruleLevels(scope?: vscode.Uri): Record<string, SeverityOverride> {
  const value = read<unknown>('memhp.rules', {}, scope);
  const out: Record<string, SeverityOverride> = {};
  if (!value || typeof value !== 'object') return out;
  const known = new Set(EVERY_RULE.map((r) => r.id));
  for (const [id, level] of Object.entries(value))
    if (known.has(id) && typeof level === 'string' && LEVELS.includes(level)) out[id] = level as SeverityOverride;
  return out;
}

function read<T>(key: SettingKey, fallback: T, scope?: vscode.Uri): T {
  const dot = key.indexOf('.');
  const value = vscode.workspace.getConfiguration(key.slice(0, dot), scope).get<T>(key.slice(dot + 1));
  return value ?? fallback;
}

function list(key: SettingKey, fallback: readonly string[], scope?: vscode.Uri): readonly string[] {
  const value = read<unknown>(key, fallback, scope);
  return Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length > 0 ? value : fallback;
}

export function readSettings(scope?: vscode.Uri): Settings {
  return {
    include: list('memhp.index.include', DEFAULT_INCLUDE, scope),
    exclude: read<string[]>('memhp.index.exclude', [...DEFAULT_EXCLUDE], scope),
    arch: read('memhp.arch', DEFAULT_SETTINGS.arch, scope),
    entries: list('memhp.paths.entries', DEFAULT_ENTRIES, scope),
    targets: list('memhp.paths.targets', DEFAULT_TARGETS, scope),
    maxDepth: read('memhp.paths.maxDepth', DEFAULT_SETTINGS.maxDepth, scope),
    maxPaths: read('memhp.paths.maxPaths', DEFAULT_SETTINGS.maxPaths, scope),
    scenario: findScenario(read('memhp.scenario', 'default', scope))
      ? read('memhp.scenario', 'default', scope)
      : 'default',
    rules: ruleLevels(scope),
  };
}

/** True when a configuration change touches a setting that needs a new index or a new trace. */
export function affectsIndex(event: vscode.ConfigurationChangeEvent, scope?: vscode.Uri): boolean {
  return event.affectsConfiguration('memhp.index', scope) || event.affectsConfiguration('memhp.arch', scope);
}

/** True when a change needs a new analysis over the same index (paths, scenario, rule levels). */
export function affectsAnalysis(event: vscode.ConfigurationChangeEvent, scope?: vscode.Uri): boolean {
  return ['memhp.paths', 'memhp.scenario', 'memhp.rules'].some((section) => event.affectsConfiguration(section, scope));
}
