// Checks on patch text the editor got from somewhere other than a file (the clipboard, a git range)
// before it is opened and reviewed. No vscode import, so the checks are unit-tested.

import { looksLikeMail } from '../../core/patch/mbox.js';

const DIFF_LINE = /^(diff --git |--- |\+\+\+ |@@ )/m;

/** Why `text` is not worth reviewing as a patch, or undefined when it looks like one (a mail or a diff). */
export function notAPatch(text: string, from: string): string | undefined {
  if (text.trim() === '') return `${from} is empty.`;
  if (!DIFF_LINE.test(text) && !looksLikeMail(new TextEncoder().encode(text)))
    return `${from} holds no patch (no mail headers and no "diff --git", "---"/"+++" or "@@" line).`;
  return undefined;
}
