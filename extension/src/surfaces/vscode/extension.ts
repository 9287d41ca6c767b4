// Extension entry: builds the context and registers each feature. Nothing else happens here.

import type * as vscode from 'vscode';
import { createCtx } from './ctx.js';
import * as callHierarchy from './call-hierarchy.js';
import * as commands from './commands.js';
import * as diagnostics from './diagnostics.js';
import * as documentSync from './document-sync.js';
import * as graphPanel from './graph-panel.js';
import * as hover from './hover.js';
import * as indexing from './indexing.js';
import * as pathsView from './paths-view.js';
import * as perf from './perf.js';
import * as review from './review.js';
import * as reviewSources from './review-sources.js';
import * as simulate from './simulate.js';
import * as statusBar from './status-bar.js';

export function activate(extension: vscode.ExtensionContext): void {
  const ctx = createCtx(extension);
  ctx.subscribe(perf.register(ctx.perf));
  statusBar.register(ctx);
  pathsView.register(ctx);
  callHierarchy.register(ctx);
  documentSync.register(ctx);
  diagnostics.register(ctx);
  const panel = graphPanel.register(ctx);
  const patchReview = review.register(ctx, panel);
  hover.register(ctx, patchReview);
  commands.register(ctx, {
    graphPanel: panel,
    indexing: indexing.register(ctx),
    simulate: simulate.register(ctx),
    review: patchReview,
    sources: reviewSources.register(ctx, patchReview),
  });
}

export function deactivate(): void {}
