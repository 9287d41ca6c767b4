// The CLI's contract on bad input: usage and I/O errors exit 2 with one line naming the reason; unreadable,
// binary, oversized and non-UTF-8 files are noted by name and the run goes on.

import { chmodSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freshCacheDir, runCli, writeTree } from './run-cli.js';

const made: string[] = [];
const tree = (files: Record<string, string | Uint8Array>) => {
  const root = writeTree(files);
  made.push(root);
  return root;
};
let cache: string;

beforeAll(() => {
  ensureBuilt();
  cache = freshCacheDir();
  made.push(cache);
});
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('usage and I/O errors exit 2 with a one-line reason', () => {
  it('rejects a --tree that does not exist', () => {
    const run = runCli(['paths', '--tree', '/nonexistent/memhp-tree'], cache);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'memhp-review: --tree /nonexistent/memhp-tree: not a directory\n',
    });
  });

  it('rejects a --tree that is a file', () => {
    const root = tree({ 'mm/a.c': 'int a(void) { return 0; }\n' });
    const run = runCli(['index', '--tree', `${root}/mm/a.c`], cache);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `memhp-review: --tree ${root}/mm/a.c: not a directory\n` });
  });

  it('says so when the tree has no C files in scope', () => {
    const root = tree({
      'mm/README': 'no code here\n',
      'Documentation/mm.c': 'int outside_scope(void) { return 0; }\n',
    });
    const run = runCli(['paths', '--tree', root], cache);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `memhp-review: ${root}: no C files in the hotplug scope (mm/, kernel/, drivers/base/, arch/*/mm/, include/linux/, drivers/dax/, drivers/nvdimm/)\n`,
    );
  });

  it.each(['0', '-3', 'twelve', '2.5'])('rejects --max-depth %s', (value) => {
    const run = runCli(['paths', '--tree', '/nonexistent', `--max-depth=${value}`], cache);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `memhp-review: --max-depth takes a positive whole number, not '${value}'\n`,
    });
  });

  it('rejects an unknown --format and an unknown command', () => {
    const format = runCli(['paths', '--format', 'xml'], cache);
    expect(format).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, dot.\n",
    });
    const command = runCli(['bogus'], cache);
    expect(command).toEqual({ code: 2, stdout: '', stderr: "error: unknown command 'bogus'\n" });
  });
});

describe('bad files are noted by name and skipped or decoded, and the run goes on', () => {
  let root: string;
  let run: ReturnType<typeof runCli>;
  beforeAll(() => {
    const latin1 = Uint8Array.from([
      ...new TextEncoder().encode('/*\n * (c) Fran'),
      0xe7,
      ...new TextEncoder().encode('ois\n */\nint add_memory(int nid)\n{\n\treturn add_pages(nid);\n}\n'),
    ]);
    root = tree({
      'mm/binary.c': Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
      'mm/huge.c': new Uint8Array(10 * 1024 * 1024 + 512 * 1024).fill(0x20),
      'mm/latin1.c': latin1,
      'mm/memory_hotplug.c': 'int add_pages(int nid)\n{\n\treturn 0;\n}\n',
    });
    run = runCli(['paths', '--tree', root, '--from', 'add_memory', '--to', 'add_pages'], cache);
  });

  it('prints one note per bad file, naming it, in file order', () => {
    expect(run.stderr).toBe(
      [
        'mm/binary.c: note: skipped: binary data (NUL byte at offset 7)',
        'mm/huge.c: note: skipped: file is 10.5 MB, over the 10 MB limit',
        'mm/latin1.c: note: not valid UTF-8 (first bad byte on line 2); decoded as Latin-1',
        '',
      ].join('\n'),
    );
  });

  it('still indexes the Latin-1 file and the good one, and exits 0', () => {
    expect(run.stdout).toBe(
      ['add_memory() -> add_pages()', '    mm/latin1.c:6  add_memory() calls add_pages()', '', '1 path', ''].join('\n'),
    );
    expect(run.code).toBe(0);
  });

  it('notes an unreadable file and goes on', () => {
    const dir = tree({
      'mm/ok.c': 'int add_memory(void) { return 0; }\n',
      'mm/secret.c': 'int secret(void) { return 0; }\n',
    });
    for (const path of [dir, `${dir}/mm`]) chmodSync(path, 0o755);
    chmodSync(`${dir}/mm/secret.c`, 0o000);
    const run = runCli(['index', '--tree', dir, '--no-cache'], cache, true);
    expect(run.stderr).toBe('mm/secret.c: note: skipped: cannot read (EACCES)\n');
    expect(JSON.parse(run.stdout).functions.map((f: { name: string }) => f.name)).toEqual(['add_memory']);
    expect(run.code).toBe(0);
  });
});
