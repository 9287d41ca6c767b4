// Test helper for the editor tests: the README's code blocks as a reader copies them, so a test runs the
// documented snippet itself, and a change to it that breaks the editor setup fails the test.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../cli/run-cli.js';

/** The first fenced block of `lang` after the README line starting with `intro`. */
export function readmeSnippet(intro: string, lang: string): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const at = readme.split('\n').findIndex((line) => line.startsWith(intro));
  if (at < 0) throw new Error(`README.md has no line starting with ${JSON.stringify(intro)}`);
  const rest = readme.split('\n').slice(at).join('\n');
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(rest);
  if (!block?.[1]) throw new Error(`README.md has no \`\`\`${lang} block after ${JSON.stringify(intro)}`);
  return block[1];
}
