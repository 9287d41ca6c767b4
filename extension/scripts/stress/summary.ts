// The figures of a stress run, and how they print.

export interface Exception {
  path: string;
  stage: string;
  error: string;
}

export interface Summary {
  tree: string;
  files: number;
  symlinked: number;
  bytes: number;
  workers: number;
  analysed: number;
  skipped: { path: string; reason: string }[];
  exceptions: Exception[];
  parseErrorFiles: number;
  errorBytes: number;
  functions: number;
  calls: number;
  bodies: number;
  slowest: { path: string; ms: number; bytes: number }[];
  frontEndSeconds: number;
  graph?: { functions: number; edges: Record<string, number>; notes: number; seconds: number };
  totalSeconds: number;
  peakRssMB: number;
  rssAfterFrontEndMB: number;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const firstLine = (s: string) => s.split('\n')[0]!;

export function formatSummary(s: Summary): string {
  const edges = s.graph ? Object.values(s.graph.edges).reduce((a, b) => a + b, 0) : 0;
  const lines = [
    `tree: ${s.tree}`,
    `files: ${s.files} .c/.h (${s.symlinked} of them symbolic links), ${mb(s.bytes)}; through the front end: ${s.analysed}; skipped: ${s.skipped.length}`,
    ...s.skipped.map((k) => `  skipped ${k.path}: ${k.reason}`),
    `exceptions: ${s.exceptions.length}`,
    ...s.exceptions.map((e) => `  ${e.path} (${e.stage}): ${firstLine(e.error)}`),
    `parse errors: ${s.parseErrorFiles} files with ERROR nodes; ${mb(s.errorBytes)} of text inside them`,
    `facts: ${s.functions} function definitions, ${s.calls} calls, ${s.bodies} bodies extracted`,
    s.graph
      ? `call graph: ${s.graph.functions} functions, ${edges} edges (${Object.entries(s.graph.edges)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}), ${s.graph.notes} notes, built in ${s.graph.seconds} s`
      : 'call graph: not built (--graph builds it)',
    'slowest files:',
    ...s.slowest.map((x) => `  ${String(x.ms).padStart(6)} ms  ${x.path} (${mb(x.bytes)})`),
    `time: ${s.totalSeconds} s in all; front end ${s.frontEndSeconds} s on ${s.workers} workers`,
    `peak RSS: ${s.peakRssMB} MB (${s.rssAfterFrontEndMB} MB after the front end)`,
  ];
  return `${lines.join('\n')}\n`;
}
