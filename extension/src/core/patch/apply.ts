// Applies the diffs of patch mails to file texts in memory (never to disk), file by file, and reports
// what applied and what did not with the patch, file and line that failed.

import { applyPatch, parsePatch, type StructuredPatch } from 'diff';
import type { PatchMail } from './mbox.js';

export interface FileChange {
  path: string;
  /** New text, or null when the patch deletes the file. */
  text: string | null;
}

export interface ApplyProblem {
  mail: string;
  file?: string;
  line: number;
  message: string;
}

export interface ApplyResult {
  changes: Map<string, string | null>;
  problems: ApplyProblem[];
  appliedFiles: number;
}

export type ReadFile = (path: string) => string | undefined;

/** Cuts a mail body into per-file diff sections: each starts at `diff --git` or a `--- ` / `+++ ` pair. */
export function diffSections(body: string, bodyLine: number): { text: string; line: number }[] {
  const lines = body.split('\n');
  const sections: { text: string; line: number }[] = [];
  let start = -1;
  const flush = (end: number) => {
    if (start >= 0) {
      let e = end;
      // git's signature ("-- " then a version line) ends the last section.
      for (let k = start; k < end; k++) if (lines[k] === '-- ') { e = k; break; }
      sections.push({ text: lines.slice(start, e).join('\n') + '\n', line: bodyLine + start });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const isGitHeader = l.startsWith('diff --git ');
    const isPlainHeader = l.startsWith('--- ') && lines[i + 1]?.startsWith('+++ ') && (i === 0 || !lines[i - 1]!.startsWith('diff --git') && !/^(index|new file|deleted file|similarity|rename|old mode|new mode)/.test(lines[i - 1]!));
    if (isGitHeader || isPlainHeader) {
      flush(i);
      start = i;
    }
  }
  flush(lines.length);
  return sections;
}

function stripPrefix(name: string | undefined): string | undefined {
  if (!name || name === '/dev/null') return name;
  return name.replace(/^[ab]\//, '').replace(/\t.*$/, '');
}

export function applyMails(mails: readonly PatchMail[], read: ReadFile): ApplyResult {
  const changes = new Map<string, string | null>();
  const problems: ApplyProblem[] = [];
  let appliedFiles = 0;
  const current = (p: string) => (changes.has(p) ? changes.get(p) ?? undefined : read(p));
  for (const mail of mails) {
    if (mail.isCover) continue;
    const sections = diffSections(mail.body, mail.bodyLine);
    if (sections.length === 0) {
      problems.push({ mail: mail.subject, line: mail.line, message: 'no diff in this mail' });
      continue;
    }
    for (const section of sections) {
      let parsed: StructuredPatch[];
      try {
        parsed = parsePatch(section.text);
      } catch (err) {
        problems.push({ mail: mail.subject, line: section.line, message: `malformed diff: ${(err as Error).message}` });
        continue;
      }
      for (const p of parsed) {
        const oldName = stripPrefix(p.oldFileName);
        const newName = stripPrefix(p.newFileName);
        const target = newName && newName !== '/dev/null' ? newName : oldName;
        if (!target) continue;
        if (newName === '/dev/null') {
          changes.set(oldName!, null);
          appliedFiles++;
          continue;
        }
        const source = oldName === '/dev/null' ? '' : current(oldName ?? target);
        if (source === undefined) {
          problems.push({ mail: mail.subject, file: oldName, line: section.line, message: `${oldName}: no such file in the tree` });
          continue;
        }
        const out = applyPatch(source, p, { fuzzFactor: 2 });
        if (out === false) {
          problems.push({ mail: mail.subject, file: target, line: section.line, message: `${target}: hunks do not apply (context mismatch)` });
          continue;
        }
        if (oldName && oldName !== target && oldName !== '/dev/null') changes.set(oldName, null);
        changes.set(target, out);
        appliedFiles++;
      }
    }
  }
  return { changes, problems, appliedFiles };
}
