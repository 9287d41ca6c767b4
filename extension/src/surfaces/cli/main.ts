// memhp-review command line: `paths` and `index` over a kernel tree (or the embedded fixture tree).
// Exit codes: 0 success, 2 usage or I/O errors (one line naming the reason).

import { Command, CommanderError, Option } from 'commander';
import { runIndex, runPaths } from './commands.js';
import { runCheckCommand, runSimulate } from './check-command.js';
import { UsageError } from './session.js';
import { TOOL_VERSION } from './version.js';
import { defaultJobs } from '../node/parse-pool.js';
import { timings } from './timings.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} takes a positive whole number, not '${value}'`);
  return n;
};

function program(): Command {
  const cmd = new Command('memhp-review')
    .description('Memory-hotplug review: call paths, lock and zone-model checks for Linux kernel trees and patches')
    .version(TOOL_VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .hook('preAction', (_, action) => {
      if (action.opts().timings) timings.enabled = true;
    });
  const treeOptions = (c: Command) =>
    c
      .option('--tree <dir>', 'kernel tree root (default: the embedded 4.19-shape fixture tree)')
      .option('--arch <arch>', 'target architecture for arch/*/ definitions', 'x86')
      .option('--no-cache', 'do not read or write the facts cache')
      .option(
        '--jobs <n>',
        'files parsed at once, in worker threads (default: every core)',
        int('--jobs'),
        defaultJobs(),
      )
      .option('--timings', 'print the time each phase took (list, cache, front end, graph, replay) to standard error');
  treeOptions(cmd.command('paths').description('call paths from entry points into the hotplug core'))
    .option('--from <fn>', 'entry function (repeatable; default: the hotplug entry table)', collect)
    .option('--to <fn>', 'target function (repeatable; default: the hotplug core table)', collect)
    .option('--max-depth <n>', 'longest path, in calls', int('--max-depth'), 12)
    .option('--max-paths <n>', 'most paths to list', int('--max-paths'), 1000)
    .option(
      '--patch <file>',
      'apply a patch, mbox or series in memory first (repeatable; - reads standard input)',
      collect,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'dot']).default('text'))
    .action(async (opts) => {
      process.exitCode = await runPaths(opts);
    });
  treeOptions(cmd.command('check').description('replay the hotplug paths and report lock and zone-model findings'))
    .option(
      '--scenario <file|name>',
      'scenario JSON file or shipped name (default, altmap, device-private, unaligned)',
      'default',
    )
    .option('--rule <id=level>', 'set a rule to off, info, warning or error (repeatable)', collect)
    .option('--entry <fn>', 'entry function to replay (repeatable; default: the entry table)', collect)
    .option(
      '--patch <file>',
      'review a patch, mbox or series applied in memory (repeatable; - reads standard input)',
      collect,
    )
    .option('--commits <A..B>', 'review the commits A..B of the git repository at --tree, applied to the tree at A')
    .option('--per-patch', 'with --patch or --commits: report what each patch of the series brings in and takes away')
    .option('--demand', "parse only the files the roots reach (lexical pass first); the findings are the full check's")
    .option('--full', 'parse every file of the scope before the replay (the default; overrides --demand)')
    .option(
      '--finish',
      'with --demand: after the findings, parse the files the roots did not need (fills the facts cache)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif', 'email']).default('text'),
    )
    .action(async (opts) => {
      process.exitCode = await runCheckCommand(opts);
    });
  treeOptions(cmd.command('simulate').description('step-by-step trace of every explored path of one function'))
    .requiredOption('--function <name>', 'function to replay')
    .option('--scenario <file|name>', 'scenario JSON file or shipped name', 'default')
    .option(
      '--patch <file>',
      'apply a patch, mbox or series in memory first (repeatable; - reads standard input)',
      collect,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts) => {
      process.exitCode = await runSimulate(opts);
    });
  treeOptions(cmd.command('index').description('functions and call-graph edges of the tree'))
    .option(
      '--patch <file>',
      'apply a patch, mbox or series in memory first (repeatable; - reads standard input)',
      collect,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['json']).default('json'))
    .action(async (opts) => {
      process.exitCode = await runIndex(opts);
    });
  return cmd;
}

async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      return 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`memhp-review: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`memhp-review: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`);
    return 2;
  }
}

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

void main(process.argv).then((code) => {
  if (timings.enabled) process.stderr.write(timings.report());
  process.exitCode = code;
});
