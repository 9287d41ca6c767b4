// The identifiers package.json and the code share: command ids, setting keys, context keys, view ids.
// Plain constants with no vscode import, so the manifest-parity test can read them.

export const COMMAND_IDS = [
  'memhp.showCallGraph',
  'memhp.tracePathsToHere',
  'memhp.reindex',
  'memhp.simulateFunction',
  'memhp.reviewPatch',
  'memhp.exportReviewEmail',
  'memhp.reviewPatchFromClipboard',
  'memhp.reviewPatchFromGitRange',
] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

/** Every setting the extension reads, each declared in package.json contributes.configuration. */
export const SETTING_KEYS = [
  'memhp.index.include',
  'memhp.index.exclude',
  'memhp.arch',
  'memhp.paths.entries',
  'memhp.paths.targets',
  'memhp.paths.maxDepth',
  'memhp.paths.maxPaths',
  'memhp.scenario',
  'memhp.rules',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Context keys the code sets and package.json `when` clauses read. */
export const CONTEXT_KEYS = ['memhp.indexed'] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

export const VIEW_CONTAINER_ID = 'memhp';
export const PATHS_VIEW_ID = 'memhp.paths';
export const GRAPH_PANEL_TYPE = 'memhp.callGraph';
export const PATCH_LANGUAGE_ID = 'patch-email';
