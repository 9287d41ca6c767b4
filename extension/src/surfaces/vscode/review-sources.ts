// Feature: Review Patch from Clipboard and from Git Range. Each turns its source into an untitled patch
// document (so diagnostics have a place on the patch lines) and hands it to Review Patch; a git range is
// reviewed against the touched files as they are at its base commit (surfaces/node/commit-range.ts).

import * as vscode from 'vscode';
import { filesAtBase, parseRange, readCommitRange } from '../node/commit-range.js';
import { baseAtCommit } from '../node/commit-base.js';
import { GitError } from '../node/git.js';
import { scopeMatcher } from '../node/tree.js';
import type { Ctx } from './ctx.js';
import { PATCH_LANGUAGE_ID } from './ids.js';
import { notAPatch } from './patch-text.js';
import type { PatchReview, ReviewBase } from './review.js';
import { treeText } from './review-run.js';

export interface ReviewSources {
  reviewClipboard(): Promise<void>;
  reviewGitRange(): Promise<void>;
}

const warn = (message: string) => void vscode.window.showWarningMessage(`MM Hotplug Review: ${message}`);

async function openPatch(text: string): Promise<vscode.Uri> {
  const doc = await vscode.workspace.openTextDocument({ language: PATCH_LANGUAGE_ID, content: text });
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return doc.uri;
}

export function register(ctx: Ctx, review: PatchReview): ReviewSources {
  let lastRange = 'HEAD~1..HEAD';
  return {
    async reviewClipboard() {
      const text = await vscode.env.clipboard.readText();
      const problem = notAPatch(text, 'The clipboard');
      if (problem) return warn(problem);
      await review.reviewUris([await openPatch(text)]);
    },

    async reviewGitRange() {
      const analysis = ctx.roots.active();
      const root = analysis?.root;
      const state = analysis?.current;
      if (!analysis || !root || !state) return warn('open a kernel tree that is a git repository first.');
      const spec = await vscode.window.showInputBox({
        title: 'Review Patch from Git Range',
        prompt: `Commits of ${root.fsPath} to review, as A..B (applied to the tree as it is at A)`,
        value: lastRange,
        placeHolder: 'origin/master..HEAD',
        validateInput: (v) => {
          const parsed = parseRange(v.trim());
          return typeof parsed === 'string' ? parsed : undefined;
        },
      });
      if (!spec) return;
      lastRange = spec.trim();
      let base: ReviewBase;
      let patch: string;
      try {
        const range = await readCommitRange(root.fsPath, lastRange);
        for (const note of range.notes) void vscode.window.showInformationMessage(`MM Hotplug Review: ${note}`);
        const settings = analysis.settings();
        const atBase = await filesAtBase(root.fsPath, range);
        const snapshot = analysis.snapshot()!;
        base = baseAtCommit(
          snapshot,
          atBase,
          scopeMatcher({ include: settings.include, exclude: settings.exclude }),
          treeText(snapshot, root),
        );
        patch = Buffer.from(range.patch).toString('utf8');
      } catch (err) {
        if (err instanceof GitError) return warn(err.message);
        throw err;
      }
      await review.reviewUris([await openPatch(patch)], base, analysis);
    },
  };
}
