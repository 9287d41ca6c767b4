// Shared ground for the patch-local checks: the post-image of each C file the series touched, parsed
// with the kernel-C front end, and how to turn a result into a Finding that points back at the mail.

import type { Node, Parser } from 'web-tree-sitter';
import { overlongLine } from '../../syntax/decode.js';
import { parseKernelC } from '../../syntax/frontend.js';
import type { Blanked } from '../../syntax/blank.js';
import type { AddedLine, PatchedFile } from '../linemap.js';
import type { PatchMail } from '../types.js';
import { findingFingerprint, type Finding, type Severity } from '../../model/finding.js';
import type { RelatedLoc } from '../../model/location.js';

export interface PostImage {
  path: string;
  text: string;
  root: Node;
  blanked: Blanked;
  /** The mail `+` line behind a post-image line, when the series added it. */
  added(line: number): AddedLine | undefined;
}

/**
 * Parses each touched .c/.h post-image, hands it to `visit`, and frees the tree afterwards. A post-image the
 * index refuses for an overlong line is left out here too (the index's note on it says why).
 */
export function eachPostImage(parser: Parser, files: Iterable<PatchedFile>, visit: (image: PostImage) => void): void {
  for (const file of files) {
    if (!/\.[ch]$/.test(file.path) || overlongLine(file.text)) continue;
    const parsed = parseKernelC(parser, file.text);
    try {
      visit({
        path: file.path,
        text: file.text,
        root: parsed.tree.rootNode,
        blanked: parsed,
        added: (line) => {
          const origin = file.origins[line - 1];
          if (origin?.kind !== 'patch') return undefined;
          const { mail, path, hunk, at } = origin;
          return { mail, path, hunk, at };
        },
      });
    } finally {
      parsed.tree.delete();
    }
  }
}

/** True when any line of the node is one the series added. */
export function touchesAdded(image: PostImage, node: Node, lastRow = node.endPosition.row): boolean {
  for (let row = node.startPosition.row; row <= lastRow; row++) if (image.added(row + 1)) return true;
  return false;
}

export function patchLineNote(mails: readonly PatchMail[], added: AddedLine): RelatedLoc {
  const subject = mails.find((m) => m.seq === added.mail)?.subject ?? '';
  const where = added.at.decoded ? ` (decoded body line ${added.at.line})` : '';
  return {
    file: added.at.file,
    line: added.at.line,
    column: 0,
    message: `added by "${subject}", ${added.path} hunk #${added.hunk}${where}`,
  };
}

export interface PatchFindingInput {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  file: string;
  /** 1-based line, 0-based column in the post-image. */
  loc: { line: number; column: number };
  fn: string;
  related: RelatedLoc[];
  detail: string;
}

export function patchFinding(f: PatchFindingInput): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    messageId: f.messageId,
    message: f.message,
    location: { file: f.file, line: f.loc.line, column: f.loc.column },
    function: f.fn,
    entry: '',
    chain: [],
    locks: [],
    related: f.related,
    scenario: 'patch',
    fingerprint: findingFingerprint(f.ruleId, f.fn, [], f.detail),
  };
}
