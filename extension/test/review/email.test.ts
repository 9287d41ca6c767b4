// Issue 4 "Done when": the reviewer's reply for the fixture series, from `check --patch ... --format email`,
// pinned in golden/series-email.txt (read as a maintainer before pinning), and the properties a reply
// must keep whatever the wording: threading headers from the mail, quotes only of hunks with New
// findings, questions with the call chain, 78 columns for prose, no tool banner.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, repoRoot, type CliRun } from '../cli/run-cli.js';
import { checkPatch } from './review-cli.js';

const SERIES = 'test-fixtures/series/add-device-memory.mbox';

let cache: string;
let run: CliRun;
beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
  run = checkPatch([SERIES], cache, ['--format', 'email']);
});
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** The mbox headers of one mail, unfolded, by the line its `Message-Id:` is on. */
function mailHeaders(messageIdLine: number): Record<string, string> {
  const lines = readFileSync(join(repoRoot, SERIES), 'utf8').split('\n');
  const headers: Record<string, string> = {};
  let name = '';
  for (let i = messageIdLine - 1; lines[i] !== ''; i++) {
    const line = lines[i]!;
    if (/^\s/.test(line)) {
      headers[name] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    name = line.slice(0, colon);
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

describe('the email reply for the fixture series', () => {
  it('is the pinned reply to 2/5, and the review exits 0', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(readFileSync(join(__dirname, 'golden/series-email.txt'), 'utf8'));
  });

  it('threads under the mail it answers: Subject Re:, In-Reply-To its Message-Id, References the thread', () => {
    const patch2 = mailHeaders(93); // test-fixtures/series/add-device-memory.mbox:93 is 2/5's Message-Id
    expect(patch2.Subject).toBe('[PATCH 2/5] mm/memory_hotplug: Create add/del_device_memory functions');
    const head = run.stdout.slice(0, run.stdout.indexOf('\n\n')).replace(/\n\s+/g, ' ');
    expect(head.split('\n')).toEqual([
      `Subject: Re: ${patch2.Subject}`,
      `In-Reply-To: ${patch2['Message-Id']}`,
      `References: ${patch2.References} ${patch2['Message-Id']}`,
    ]);
    expect(run.stdout.split('\n')[7]).toBe(`On ${patch2.Date}, Jane Hotplug wrote:`);
  });

  it('quotes only lines of the mail, and only the hunk that carries New findings', () => {
    const mbox = readFileSync(join(repoRoot, SERIES), 'utf8').split('\n');
    const quoted = run.stdout.split('\n').filter((l) => l.startsWith('>'));
    for (const line of quoted) expect(mbox).toContain(line.replace(/^> ?/, ''));
    expect(quoted.filter((l) => l.startsWith('> diff --git') || l.startsWith('> @@'))).toEqual([
      '> diff --git a/mm/memory_hotplug.c b/mm/memory_hotplug.c',
      '> @@ -472,6 +472,83 @@ void __ref move_pfn_range_to_zone(struct zone *zone, unsigned long start_pfn,',
    ]);
    // The three shadow calls the findings are about end their quotes, each followed by the question.
    const asked = run.stdout.split('\n').flatMap((l, i, all) => (l.startsWith('> ') && all[i + 1] === '' ? [l] : []));
    expect(asked).toEqual([
      '> +\t\tret = kasan_add_zero_shadow(__va(start), size);',
      '> +\t\t\tkasan_remove_zero_shadow(__va(start), size);',
      '> +\t\tkasan_remove_zero_shadow(__va(start), size);',
    ]);
    expect(run.stdout.split('\n').filter((l) => l === '[ ... ]')).toHaveLength(3);
  });

  it('asks each finding as a question with its call chain, keeps prose within 78 columns and has no banner', () => {
    const prose = run.stdout.split('\n').filter((l) => !l.startsWith('> '));
    expect(prose.filter((l) => l.length > 78)).toEqual([]);
    const paragraphs = run.stdout.split('\n\n').map((p) => p.replace(/\n/g, ' '));
    // The finding said as the reviewer's observation, ending in the question it raises.
    expect(
      paragraphs
        .filter((p) => p.startsWith('kasan_'))
        .map((p) => [p.slice(0, p.indexOf(' (')), p.slice(p.lastIndexOf('; ') + 2)]),
    ).toEqual([
      [
        'kasan_add_zero_shadow() is called here with mem_hotplug_lock held for write',
        'could it run before mem_hotplug_begin()?',
      ],
      [
        'kasan_remove_zero_shadow() is called here with mem_hotplug_lock held for write',
        'could it run after mem_hotplug_done()?',
      ],
      [
        'kasan_remove_zero_shadow() is called here with mem_hotplug_lock held for write',
        'could it run after mem_hotplug_done()?',
      ],
    ]);
    expect(paragraphs.filter((p) => p.startsWith('This is reached as '))).toEqual([
      'This is reached as devm_memremap_pages() -> add_device_memory() -> kasan_add_zero_shadow().',
      'This is reached as devm_memremap_pages() -> add_device_memory() -> kasan_remove_zero_shadow().',
      'This is reached as devm_memremap_pages() -> devm_memremap_pages_release() -> del_device_memory() -> kasan_remove_zero_shadow().',
    ]);
    expect(run.stdout).not.toMatch(/memhp|MM Hotplug Review|warn:|\[kasan-under-hotplug-lock\]/);
  });
});
