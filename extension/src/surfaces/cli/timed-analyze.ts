// analyze() for the CLI: the same analysis, run through its slices so that --timings can tell the graph
// build from the replay. The result is the one analyze() returns.

import { analyzeInSlices, type Analysis, type AnalyzeOptions } from '../../core/analysis/analyze.js';
import type { Snapshot } from '../../core/workspace/workspace.js';
import { timings } from './timings.js';

export async function analyzeTimed(snapshot: Snapshot, options: AnalyzeOptions): Promise<Analysis> {
  let end = timings.begin('graph');
  let graphDone = false;
  const result = await analyzeInSlices(snapshot, options, (done) => {
    if (!graphDone && done === 'graph') {
      graphDone = true;
      end();
      end = timings.begin('replay');
    }
    return Promise.resolve(false);
  });
  end();
  // analyzeInSlices returns undefined only when a pause asks it to stop, which this one never does.
  return result!;
}
