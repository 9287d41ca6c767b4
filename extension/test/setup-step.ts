// One line per setup step on stderr: what is being made ready, then where it is and how long it took, so a first
// run on a fresh machine (package installs, a 200 MB unpack) says what it is waiting for.

export function timedStep(what: string, run: () => string): string {
  const started = Date.now();
  process.stderr.write(`test setup: ${what}...\n`);
  const result = run();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`test setup: ${what} ready (${result}) in ${seconds} s\n`);
  return result;
}
