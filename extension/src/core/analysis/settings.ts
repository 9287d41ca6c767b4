// What a host lets the user set (the editor's memhp.* settings, the LSP server's initialization options)
// and how it becomes analysis options: one mapping, so the live analysis and a patch review agree in
// every host.

import { defaultConfig } from '../kernel/config.js';
import { DEFAULT_ENTRIES, DEFAULT_TARGETS } from '../kernel/entries.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../kernel/scope.js';
import type { SeverityOverride } from '../rules/runner.js';
import type { AnalyzeOptions } from './analyze.js';

export interface HostSettings {
  include: readonly string[];
  exclude: readonly string[];
  arch: string;
  entries: readonly string[];
  targets: readonly string[];
  maxDepth: number;
  maxPaths: number;
  /** Shipped scenario name (unknown names fall back to `default`). */
  scenario: string;
  /** Severity per rule id; rules not named keep their own severity. */
  rules: Record<string, SeverityOverride>;
}

export const DEFAULT_SETTINGS: Readonly<HostSettings> = {
  include: DEFAULT_INCLUDE,
  exclude: DEFAULT_EXCLUDE,
  arch: 'x86',
  entries: DEFAULT_ENTRIES,
  targets: DEFAULT_TARGETS,
  maxDepth: 12,
  maxPaths: 1000,
  scenario: 'default',
  rules: {},
};

/** The settings as analysis options: the same for the live analysis and a patch review. */
export function analyzeOptions(settings: HostSettings): AnalyzeOptions {
  return {
    config: defaultConfig(settings.arch),
    scenario: settings.scenario,
    rules: settings.rules,
    entries: settings.entries,
    trace: { from: settings.entries, to: settings.targets, maxDepth: settings.maxDepth, maxPaths: settings.maxPaths },
  };
}
