// Abstract values the simulator tracks and the pure evaluation of expressions over them: scenario facts
// (device range, pgmap type), kernel range macros (PHYS_PFN, ALIGN, SECTION_SIZE, __va ...) and
// refinable results of calls that may fail. Calls are evaluated by the engine and looked up by site.

import type { Expr } from '../syntax/body.js';
import type { ZoneName } from './model.js';
import type { Scenario } from './scenario.js';
import { PAGE_SHIFT, SECTION_SIZE_BITS } from './scenario.js';

export type Value =
  | { k: 'int'; v: bigint }
  /** A named constant; `macro` when it is an unevaluated #define (equal only to itself, truthiness unknown). */
  | { k: 'enum'; name: string; macro?: boolean }
  | { k: 'zone'; zone: ZoneName; nid: number }
  | { k: 'node'; nid: number }
  | { k: 'page'; pfn: Value }
  | { k: 'va'; addr: Value }
  /** Something we know little about; `truthy`/`errPtr` are set by the branches that tested it. */
  | { k: 'unknown'; from?: string; truthy?: boolean; errPtr?: boolean; isPtr?: boolean };

export const UNKNOWN: Value = { k: 'unknown' };
export const int = (v: bigint | number): Value => ({ k: 'int', v: BigInt(v) });

const CONSTANTS: Record<string, bigint> = {
  PAGE_SHIFT: BigInt(PAGE_SHIFT),
  PAGE_SIZE: 1n << BigInt(PAGE_SHIFT),
  SECTION_SIZE_BITS: BigInt(SECTION_SIZE_BITS),
  PA_SECTION_SHIFT: BigInt(SECTION_SIZE_BITS),
  SECTION_SIZE: 1n << BigInt(SECTION_SIZE_BITS),
  PA_SECTION_SIZE: 1n << BigInt(SECTION_SIZE_BITS),
  PAGES_PER_SECTION: 1n << BigInt(SECTION_SIZE_BITS - PAGE_SHIFT),
  PFN_SECTION_SHIFT: BigInt(SECTION_SIZE_BITS - PAGE_SHIFT),
  SUBSECTION_SHIFT: 21n,
  SUBSECTION_SIZE: 1n << 21n,
  PAGES_PER_SUBSECTION: 1n << 9n,
  NUMA_NO_NODE: -1n,
  NULL: 0n,
  false: 0n,
  true: 1n,
};

export const ZONE_ENUM: Readonly<Record<string, ZoneName>> = {
  ZONE_DMA: 'DMA',
  ZONE_DMA32: 'DMA32',
  ZONE_NORMAL: 'NORMAL',
  ZONE_MOVABLE: 'MOVABLE',
  ZONE_DEVICE: 'DEVICE',
};

export interface EvalEnv {
  vars: ReadonlyMap<string, Value>;
  scenario: Scenario;
  /** Results of the calls in this expression, by call site. */
  calls: ReadonlyMap<string, Value>;
}

export const siteKey = (e: { loc: { line: number; column: number } }) => `${e.loc.line}:${e.loc.column}`;

/** Truthiness of a value: true, false, or undefined when the path does not decide it. */
export function truthy(v: Value): boolean | undefined {
  switch (v.k) {
    case 'int':
      return v.v !== 0n;
    case 'enum':
      return v.macro ? undefined : true;
    case 'zone':
    case 'node':
    case 'page':
    case 'va':
      return true;
    case 'unknown':
      return v.truthy;
  }
}

export function asInt(v: Value): bigint | undefined {
  return v.k === 'int' ? v.v : undefined;
}

export function evaluate(e: Expr, env: EvalEnv): Value {
  switch (e.k) {
    case 'num':
      return int(BigInt(Math.trunc(e.value)));
    case 'str':
      return { k: 'unknown', truthy: true, isPtr: true };
    case 'id': {
      const bound = env.vars.get(e.name);
      if (bound) return bound;
      if (e.name in CONSTANTS) return int(CONSTANTS[e.name]!);
      if (/^(MEMORY_DEVICE_|IORES_DESC_|ZONE_|MIGRATE_)/.test(e.name)) return { k: 'enum', name: e.name };
      if (/^[A-Z][A-Z0-9_]{2,}$/.test(e.name)) return { k: 'enum', name: e.name, macro: true };
      return { k: 'unknown', from: e.name };
    }
    case 'call':
      // Range macros and scenario facts are known exactly; anything else is what the engine's call returned.
      return macroCall(e, env) ?? env.calls.get(siteKey(e)) ?? { k: 'unknown', from: e.callee };
    case 'unary': {
      const a = evaluate(e.arg, env);
      if (e.op === '&' || e.op === '*') return a;
      if (e.op === '!') {
        const t = truthy(a);
        return t === undefined ? { k: 'unknown' } : int(t ? 0 : 1);
      }
      const n = asInt(a);
      // -EINVAL and friends: a non-zero error code.
      if (n === undefined)
        return e.op === '-' && e.arg.k === 'id' && /^E[A-Z0-9]+$/.test(e.arg.name)
          ? { k: 'unknown', truthy: true, from: e.text }
          : { k: 'unknown' };
      if (e.op === '-') return int(-n);
      if (e.op === '~') return int(~n);
      return { k: 'unknown' };
    }
    case 'binary':
      return binary(e.op, evaluate(e.left, env), evaluate(e.right, env));
    case 'assign':
      return evaluate(e.right, env);
    case 'cast':
      return evaluate(e.arg, env);
    case 'cond': {
      const t = truthy(evaluate(e.test, env));
      if (t === undefined) return { k: 'unknown' };
      return evaluate(t ? e.then : e.else, env);
    }
    case 'comma':
      return e.list.length ? evaluate(e.list[e.list.length - 1]!, env) : UNKNOWN;
    case 'field':
      return field(e, env);
    case 'index': {
      const obj = evaluate(e.object, env);
      const idx = evaluate(e.index, env);
      if (obj.k === 'node' && idx.k === 'enum' && ZONE_ENUM[idx.name])
        return { k: 'zone', zone: ZONE_ENUM[idx.name]!, nid: obj.nid };
      if (e.object.k === 'field' && e.object.field === 'ranges') return { k: 'unknown', from: 'range' };
      return { k: 'unknown' };
    }
    case 'other':
      return { k: 'unknown' };
  }
}

/** Facts a scenario fixes, read through the fields the kernel uses for them. */
/** Key under which a field of a named object is tracked: `pgmap->nr_range`. */
export function fieldKey(e: Expr): string | undefined {
  let root: Expr = e;
  while (root.k === 'field') root = root.object;
  return e.k === 'field' && root.k === 'id' ? e.text.replace(/\s+/g, '') : undefined;
}

function field(e: Extract<Expr, { k: 'field' }>, env: EvalEnv): Value {
  const key = fieldKey(e);
  const tracked = key ? env.vars.get(key) : undefined;
  if (tracked) return tracked;
  const d = env.scenario.device;
  const obj = evaluate(e.object, env);
  if (obj.k === 'node' && e.field === 'node_zones') return obj;
  switch (e.field) {
    case 'start':
      return int(d.start);
    case 'end':
      return int(d.start + d.size - 1);
    case 'type':
      return { k: 'enum', name: d.type };
    case 'desc':
      return { k: 'enum', name: d.desc };
    case 'altmap_valid':
      return int(d.altmapReserve > 0 ? 1 : 0);
    case 'altmap':
      return d.altmapReserve > 0 ? { k: 'unknown', from: 'altmap', truthy: true, isPtr: true } : int(0);
    case 'node_id':
      return int(d.nid);
    case 'nr_range':
      return int(1);
    default:
      return { k: 'unknown', from: e.text };
  }
}

function macroCall(e: Extract<Expr, { k: 'call' }>, env: EvalEnv): Value | undefined {
  const a = e.args.map((x) => evaluate(x, env));
  const n = a.map(asInt);
  const d = env.scenario.device;
  const shift = BigInt(PAGE_SHIFT);
  switch (e.callee) {
    case 'PHYS_PFN':
    case 'PFN_DOWN':
      return n[0] !== undefined ? int(n[0] >> shift) : undefined;
    case 'PFN_UP':
      return n[0] !== undefined ? int((n[0] + (1n << shift) - 1n) >> shift) : undefined;
    case 'min':
    case 'max':
      return n[0] !== undefined && n[1] !== undefined
        ? int(e.callee === 'min' ? (n[0] < n[1] ? n[0] : n[1]) : n[0] > n[1] ? n[0] : n[1])
        : undefined;
    case 'min_t':
    case 'max_t':
      return n[1] !== undefined && n[2] !== undefined
        ? int(e.callee === 'min_t' ? (n[1] < n[2] ? n[1] : n[2]) : n[1] > n[2] ? n[1] : n[2])
        : undefined;
    case 'SECTION_ALIGN_UP':
    case 'SECTION_ALIGN_DOWN': {
      const pps = 1n << BigInt(SECTION_SIZE_BITS - PAGE_SHIFT);
      if (n[0] === undefined) return undefined;
      return int(e.callee === 'SECTION_ALIGN_UP' ? ((n[0] + pps - 1n) / pps) * pps : (n[0] / pps) * pps);
    }
    case 'check_pfn_span': {
      // -EINVAL unless the range is sub-section aligned (the scenario's ranges decide it).
      if (n[0] === undefined || n[1] === undefined) return undefined;
      const sub = 1n << 9n;
      return n[0] % sub === 0n && n[1] % sub === 0n ? int(0) : { k: 'unknown', truthy: true, from: e.text };
    }
    case 'pfn_to_section_nr':
      return n[0] !== undefined ? int(n[0] >> BigInt(SECTION_SIZE_BITS - PAGE_SHIFT)) : undefined;
    case 'section_nr_to_pfn':
      return n[0] !== undefined ? int(n[0] << BigInt(SECTION_SIZE_BITS - PAGE_SHIFT)) : undefined;
    case 'PFN_PHYS':
      return n[0] !== undefined ? int(n[0] << shift) : undefined;
    case 'ALIGN':
      return n[0] !== undefined && n[1] ? int(((n[0] + n[1] - 1n) / n[1]) * n[1]) : undefined;
    case 'ALIGN_DOWN':
      return n[0] !== undefined && n[1] ? int((n[0] / n[1]) * n[1]) : undefined;
    case 'IS_ALIGNED':
      return n[0] !== undefined && n[1] ? int(n[0] % n[1] === 0n ? 1 : 0) : undefined;
    case 'resource_size':
    case 'range_len':
      return int(d.size);
    case '__va':
    case 'phys_to_virt':
      return { k: 'va', addr: a[0] ?? UNKNOWN };
    case '__pa':
    case 'virt_to_phys':
      return a[0]?.k === 'va' ? a[0].addr : undefined;
    case 'NODE_DATA':
      return { k: 'node', nid: Number(n[0] ?? 0n) };
    case 'pfn_to_page':
      return { k: 'page', pfn: a[0] ?? UNKNOWN };
    case 'page_to_pfn':
      return a[0]?.k === 'page' ? a[0].pfn : undefined;
    case 'dev_to_node':
    case 'numa_mem_id':
    case 'memory_add_physaddr_to_nid':
    case 'phys_to_target_node':
      return int(d.nid);
    case 'pgmap_altmap':
      return d.altmapReserve > 0 ? { k: 'unknown', from: 'altmap', truthy: true, isPtr: true } : int(0);
    case 'vmem_altmap_offset':
      return int(d.altmapReserve);
    case 'likely':
    case 'unlikely':
    case 'WARN_ON':
    case 'WARN_ON_ONCE':
    case 'WARN':
    case 'WARN_ONCE':
    case 'BUG_ON':
    case 'VM_BUG_ON':
    case 'VM_WARN_ON':
    case 'VM_WARN_ON_ONCE':
      return a[0];
    case 'restart_syscall':
      return { k: 'unknown', truthy: true, from: e.text };
    case 'ERR_PTR':
      return { k: 'unknown', truthy: true, errPtr: true, isPtr: true, from: e.text };
    case 'IS_ERR':
    case 'IS_ERR_OR_NULL': {
      const v = a[0];
      if (!v) return undefined;
      if (v.k === 'unknown' && v.errPtr !== undefined)
        return int(v.errPtr || (e.callee === 'IS_ERR_OR_NULL' && v.truthy === false) ? 1 : 0);
      if (v.k === 'int') return int(e.callee === 'IS_ERR_OR_NULL' && v.v === 0n ? 1 : 0);
      if (v.k !== 'unknown') return int(0);
      return { k: 'unknown' };
    }
    case 'PTR_ERR':
    case 'PTR_ERR_OR_ZERO':
      if (a[0]?.k === 'unknown' && a[0].errPtr !== undefined)
        return a[0].errPtr ? { k: 'unknown', truthy: true } : int(0);
      return undefined;
    default:
      return undefined;
  }
}

function binary(op: string, l: Value, r: Value): Value {
  const a = asInt(l);
  const b = asInt(r);
  if (a !== undefined && b !== undefined) {
    switch (op) {
      case '+':
        return int(a + b);
      case '-':
        return int(a - b);
      case '*':
        return int(a * b);
      case '/':
        return b === 0n ? UNKNOWN : int(a / b);
      case '%':
        return b === 0n ? UNKNOWN : int(a % b);
      case '<<':
        return int(a << b);
      case '>>':
        return int(a >> b);
      case '&':
        return int(a & b);
      case '|':
        return int(a | b);
      case '^':
        return int(a ^ b);
      case '==':
        return int(a === b ? 1 : 0);
      case '!=':
        return int(a !== b ? 1 : 0);
      case '<':
        return int(a < b ? 1 : 0);
      case '>':
        return int(a > b ? 1 : 0);
      case '<=':
        return int(a <= b ? 1 : 0);
      case '>=':
        return int(a >= b ? 1 : 0);
      case '&&':
        return int(a !== 0n && b !== 0n ? 1 : 0);
      case '||':
        return int(a !== 0n || b !== 0n ? 1 : 0);
    }
  }
  if ((op === '==' || op === '!=') && l.k === 'enum' && r.k === 'enum')
    return int((l.name === r.name) === (op === '==') ? 1 : 0);
  if (op === '&&' || op === '||') {
    const x = truthy(l);
    const y = truthy(r);
    if (op === '&&' && (x === false || y === false)) return int(0);
    if (op === '||' && (x === true || y === true)) return int(1);
    if (x !== undefined && y !== undefined) return int((op === '&&' ? x && y : x || y) ? 1 : 0);
    return UNKNOWN;
  }
  // A failing call's result compared with zero: `ret < 0`, `ret != 0` test its truthiness.
  if (l.k === 'unknown' && b === 0n && l.truthy !== undefined) {
    if (op === '!=' || op === '<') return int(l.truthy ? 1 : 0);
    if (op === '==' || op === '>=') return int(l.truthy ? 0 : 1);
  }
  if (op === '>>' && l.k === 'va') return UNKNOWN;
  return UNKNOWN;
}

/** Reads a value as a number of bytes or pfns, if known. */
export function toNumber(v: Value | undefined): number | undefined {
  if (!v) return undefined;
  if (v.k === 'int') return Number(v.v);
  if (v.k === 'va') return toNumber(v.addr);
  return undefined;
}
