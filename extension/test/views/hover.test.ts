import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createCParser } from '../../src/core/syntax/parser.js';
import { readWasm } from '../../src/surfaces/node/wasm.js';
import { Workspace } from '../../src/core/workspace/workspace.js';
import { listTreeFiles, loadTree } from '../../src/surfaces/node/tree.js';
import { analyze } from '../../src/core/analysis/analyze.js';
import { SimulationIndex, escapeMarkdown, hoverModel, renderHoverMarkdown } from '../../src/core/views/hover.js';
import { SHIPPED_SCENARIOS } from '../../src/core/kernel/scenarios.js';

const root = 'test-fixtures/linux-4.19-shape';

async function simulate() {
  const parser = await createCParser(readWasm(__dirname));
  const ws = new Workspace(parser, undefined, true);
  loadTree(ws, root, listTreeFiles(root));
  const snapshot = ws.snapshot();
  const index = new SimulationIndex();
  const result = analyze(snapshot, { tap: index, trace: false });
  return { index, result };
}

describe('simulate-on-hover', () => {
  it('shows the chains, the locks and where they were taken, the model change and the finding at a call site', async () => {
    const { index, result } = await simulate();
    const line =
      readFileSync(`${root}/kernel/memremap.c`, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('kasan_add_zero_shadow(')) + 1;
    const m = hoverModel(
      index,
      result.findings,
      SHIPPED_SCENARIOS[0]!,
      'kernel/memremap.c',
      line,
      'kasan_add_zero_shadow',
    )!;
    expect(m.chains[0]).toEqual({
      chain: 'devm_memremap_pages() -> kasan_add_zero_shadow()',
      locks: [
        {
          lock: 'device.mutex',
          mode: 'exclusive',
          takenAt: 'kernel/memremap.c:142',
          via: 'caller (driver probe holds device_lock())',
        },
        { lock: 'cpu_hotplug_lock', mode: 'read', takenAt: 'kernel/memremap.c:210', via: 'mem_hotplug_begin' },
        { lock: 'mem_hotplug_lock', mode: 'write', takenAt: 'kernel/memremap.c:210', via: 'mem_hotplug_begin' },
      ],
    });
    expect(m.model).toContainEqual(['KASAN shadow', 'no', 'yes']);
    expect(m.findings.map((f) => f.ruleId)).toEqual(['kasan-under-hotplug-lock']);
    const md = renderHoverMarkdown(m);
    expect(md).toContain('| KASAN shadow | no | **yes** |');
    expect(md).toContain(
      'mem\\_hotplug\\_lock (write, taken at kernel/memremap\\.c\\:210 via mem\\_hotplug\\_begin\\(\\))',
    );
  });

  it('answers at a definition with the chains that reach it', async () => {
    const { index, result } = await simulate();
    const m = hoverModel(
      index,
      result.findings,
      SHIPPED_SCENARIOS[0]!,
      'mm/memory_hotplug.c',
      1,
      'move_pfn_range_to_zone',
    )!;
    expect(m.chains.map((c) => c.chain)).toContain('devm_memremap_pages() -> move_pfn_range_to_zone()');
    expect(m.model).toContainEqual(['ZONE_DEVICE', 'empty', '0x400000-0x440000']);
  });

  it('escapes hostile text so it cannot become markup, a link or a command', () => {
    const hostile = '<script>alert(1)</script> [x](command:workbench.action.terminal.new) `code` \u001b[31m';
    const out = escapeMarkdown(hostile);
    expect(out).toBe(
      '\\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(command\\:workbench\\.action\\.terminal\\.new\\) \\`code\\`  \\[31m',
    );
    expect(out).not.toMatch(/(^|[^\\])[[\]()<>`]/);
  });
});
