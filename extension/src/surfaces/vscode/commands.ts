// Registers every command of package.json from one table: a command id without a handler, or a handler
// for an id not in ids.ts, does not compile (the manifest-parity test checks package.json against ids.ts).

import * as vscode from 'vscode';
import type { Ctx } from './ctx.js';
import { COMMAND_IDS, type CommandId } from './ids.js';
import type { GraphPanel } from './graph-panel.js';
import type { Indexing } from './indexing.js';
import type { Simulate } from './simulate.js';
import type { PatchReview } from './review.js';
import type { ReviewSources } from './review-sources.js';

export interface CommandFeatures {
  graphPanel: GraphPanel;
  indexing: Indexing;
  simulate: Simulate;
  review: PatchReview;
  sources: ReviewSources;
}

export function register(ctx: Ctx, f: CommandFeatures): void {
  const table: Record<CommandId, (...args: unknown[]) => unknown> = {
    'memhp.showCallGraph': () => f.graphPanel.show(),
    'memhp.tracePathsToHere': () => f.graphPanel.traceToHere(),
    'memhp.reindex': () => f.indexing.reindex(),
    'memhp.simulateFunction': () => f.simulate.simulateFunction(),
    'memhp.reviewPatch': (...args) => f.review.reviewPatch(...args),
    'memhp.exportReviewEmail': () => f.review.exportReviewEmail(),
    'memhp.reviewPatchFromClipboard': () => f.sources.reviewClipboard(),
    'memhp.reviewPatchFromGitRange': () => f.sources.reviewGitRange(),
  };
  for (const id of COMMAND_IDS) ctx.subscribe(vscode.commands.registerCommand(id, table[id]));
}
