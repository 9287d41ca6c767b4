// Abstract values the simulator tracks and the pure evaluation of expressions over them: scenario facts
// (device range, pgmap type), range macros by the kind core/kernel/macros.ts gives them, and refinable
// results of calls that may fail. Calls are evaluated by the engine and looked up by site.

import type { Expr } from '../syntax/body.js';
import { ZONE_NAMES, type ZoneModel, type ZoneName } from './model.js';
import {
  ENUM_PREFIXES,
  ERROR_CODE,
  MACRO_KINDS,
  NAMED_CONSTANTS,
  NODE_ZONES_FIELD,
  PAGE_SHIFT,
  RANGES_FIELD,
  SCENARIO_FIELDS,
  SECTION_SIZE_BITS,
  SUBSECTION_SHIFT,
  ZONE_CONSTANTS,
} from '../kernel/macros.js';
import { ZONE_COUNT_CONSTANT, ZONE_NODE_FIELD, ZONE_SPAN_FIELDS } from '../kernel/model-bindings.js';
import type { Scenario } from '../model/scenario.js';
import type { SectionFact } from '../kernel/pfn-tests.js';

export type Value =
  | { k: 'int'; v: bigint }
  /** A named constant; `macro` when it is an unevaluated #define (equal only to itself, truthiness unknown). */
  | { k: 'enum'; name: string; macro?: boolean }
  | { k: 'zone'; zone: ZoneName; nid: number }
  | { k: 'node'; nid: number }
  /** One past the last zone of a node's zone array (`pgdat->node_zones + MAX_NR_ZONES`). */
  | { k: 'zones-end'; nid: number }
  | { k: 'page'; pfn: Value }
  /** A `struct mem_section *`, by section number. */
  | { k: 'section'; nr: Value }
  | { k: 'va'; addr: Value }
  /**
   * Something we know little about; `truthy`/`errPtr` are set by the branches that tested it. `user`: text a
   * user wrote (a sysfs store's buffer) or a number parsed from it; `proven`: what a pfn test the path passed
   * proves of that number as a pfn, and `provenBy` the test.
   */
  | {
      k: 'unknown';
      from?: string;
      truthy?: boolean;
      errPtr?: boolean;
      isPtr?: boolean;
      ref?: string;
      user?: 'text' | 'number';
      proven?: SectionFact;
      provenBy?: string;
    };

export const UNKNOWN: Value = { k: 'unknown' };
export const int = (v: bigint | number): Value => ({ k: 'int', v: BigInt(v) });

export const ZONE_ENUM: Readonly<Record<string, ZoneName>> = ZONE_CONSTANTS;

export interface EvalEnv {
  vars: ReadonlyMap<string, Value>;
  scenario: Scenario;
  /** Results of the calls in this expression, by call site. */
  calls: ReadonlyMap<string, Value>;
  /** The path's zone model: zone span fields of a known zone are read from it. */
  model?: ZoneModel;
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
    case 'zones-end':
    case 'page':
    case 'section':
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
      if (e.name in NAMED_CONSTANTS) return int(NAMED_CONSTANTS[e.name]!);
      if (ENUM_PREFIXES.some((p) => e.name.startsWith(p))) return { k: 'enum', name: e.name };
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
        return e.op === '-' && e.arg.k === 'id' && ERROR_CODE.test(e.arg.name)
          ? { k: 'unknown', truthy: true, from: e.text }
          : { k: 'unknown' };
      if (e.op === '-') return int(-n);
      if (e.op === '~') return int(~n);
      return { k: 'unknown' };
    }
    case 'binary':
      return (
        zoneArithmetic(e.op, evaluate(e.left, env), evaluate(e.right, env)) ??
        binary(e.op, evaluate(e.left, env), evaluate(e.right, env))
      );
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
      if (
        (obj.k === 'node' || (obj.k === 'zone' && obj.zone === ZONE_NAMES[0])) &&
        idx.k === 'enum' &&
        ZONE_ENUM[idx.name]
      )
        return { k: 'zone', zone: ZONE_ENUM[idx.name]!, nid: obj.nid };
      if (e.object.k === 'field' && e.object.field === RANGES_FIELD) return { k: 'unknown', from: 'range' };
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
  // The node's zone array: a pointer to its first zone, indexed by zone constants.
  if (obj.k === 'node' && e.field === NODE_ZONES_FIELD) return { k: 'zone', zone: ZONE_NAMES[0]!, nid: obj.nid };
  if (e.field === ZONE_NODE_FIELD) {
    // The node of a known zone; a zone the path cannot name is one of the scenario range's node.
    if (obj.k === 'zone') return { k: 'node', nid: obj.nid };
    if (obj.k === 'unknown') return { k: 'node', nid: d.nid };
  }
  const spanField = ZONE_SPAN_FIELDS[e.field];
  if (spanField && obj.k === 'zone') {
    const span = zoneSpan(obj, env.model);
    if (span) return int(span[spanField]);
  }
  switch (SCENARIO_FIELDS[e.field]) {
    case 'range-start':
      return int(d.start);
    case 'range-last':
      return int(d.start + d.size - 1);
    case 'device-type':
      return { k: 'enum', name: d.type };
    case 'device-desc':
      return { k: 'enum', name: d.desc };
    case 'altmap-valid':
      return int(d.altmapReserve > 0 ? 1 : 0);
    case 'altmap':
      return d.altmapReserve > 0 ? { k: 'unknown', from: 'altmap', truthy: true, isPtr: true } : int(0);
    case 'node-id':
      return int(d.nid);
    case 'range-count':
      return int(1);
    default:
      return { k: 'unknown', from: e.text };
  }
}

function macroCall(e: Extract<Expr, { k: 'call' }>, env: EvalEnv): Value | undefined {
  const kind = MACRO_KINDS[e.callee];
  if (!kind) return undefined;
  const a = e.args.map((x) => evaluate(x, env));
  const n = a.map(asInt);
  const d = env.scenario.device;
  const shift = BigInt(PAGE_SHIFT);
  const sectionShift = BigInt(SECTION_SIZE_BITS - PAGE_SHIFT);
  const lesser = (x: bigint, y: bigint) => (x < y ? x : y);
  const greater = (x: bigint, y: bigint) => (x > y ? x : y);
  switch (kind) {
    case 'pfn-down':
      return n[0] !== undefined ? int(n[0] >> shift) : undefined;
    case 'pfn-up':
      return n[0] !== undefined ? int((n[0] + (1n << shift) - 1n) >> shift) : undefined;
    case 'min':
    case 'max':
      return n[0] !== undefined && n[1] !== undefined
        ? int(kind === 'min' ? lesser(n[0], n[1]) : greater(n[0], n[1]))
        : undefined;
    case 'min-typed':
    case 'max-typed':
      return n[1] !== undefined && n[2] !== undefined
        ? int(kind === 'min-typed' ? lesser(n[1], n[2]) : greater(n[1], n[2]))
        : undefined;
    case 'section-align-up':
    case 'section-align-down': {
      const pps = 1n << sectionShift;
      if (n[0] === undefined) return undefined;
      return int(kind === 'section-align-up' ? ((n[0] + pps - 1n) / pps) * pps : (n[0] / pps) * pps);
    }
    case 'subsection-check': {
      // An error unless the range is sub-section aligned (the scenario's ranges decide it).
      if (n[0] === undefined || n[1] === undefined) return undefined;
      const sub = 1n << BigInt(SUBSECTION_SHIFT - PAGE_SHIFT);
      return n[0] % sub === 0n && n[1] % sub === 0n ? int(0) : { k: 'unknown', truthy: true, from: e.text };
    }
    case 'pfn-to-section':
      return n[0] !== undefined ? int(n[0] >> sectionShift) : undefined;
    case 'pfn-to-mem-section':
      return n[0] !== undefined ? { k: 'section', nr: int(n[0] >> sectionShift) } : undefined;
    case 'nr-to-mem-section':
      return { k: 'section', nr: a[0] ?? UNKNOWN };
    case 'section-to-pfn':
      return n[0] !== undefined ? int(n[0] << sectionShift) : undefined;
    case 'pfn-phys':
      return n[0] !== undefined ? int(n[0] << shift) : undefined;
    case 'align-up':
      return n[0] !== undefined && n[1] ? int(((n[0] + n[1] - 1n) / n[1]) * n[1]) : undefined;
    case 'align-down':
      return n[0] !== undefined && n[1] ? int((n[0] / n[1]) * n[1]) : undefined;
    case 'is-aligned':
      return n[0] !== undefined && n[1] ? int(n[0] % n[1] === 0n ? 1 : 0) : undefined;
    case 'range-size':
      return int(d.size);
    case 'phys-to-virt':
      return { k: 'va', addr: a[0] ?? UNKNOWN };
    case 'virt-to-phys':
      return a[0]?.k === 'va' ? a[0].addr : undefined;
    case 'node-data':
      return { k: 'node', nid: Number(n[0] ?? 0n) };
    case 'pfn-to-page':
      return { k: 'page', pfn: a[0] ?? UNKNOWN };
    case 'page-to-pfn':
      return a[0]?.k === 'page' ? a[0].pfn : undefined;
    case 'range-nid':
      return int(d.nid);
    case 'range-altmap':
      return d.altmapReserve > 0 ? { k: 'unknown', from: 'altmap', truthy: true, isPtr: true } : int(0);
    case 'altmap-reserve':
      return int(d.altmapReserve);
    case 'first-arg':
      return a[0];
    case 'error':
      return { k: 'unknown', truthy: true, from: e.text };
    case 'err-ptr':
      return { k: 'unknown', truthy: true, errPtr: true, isPtr: true, from: e.text };
    case 'is-err':
    case 'is-err-or-null': {
      const v = a[0];
      const orNull = kind === 'is-err-or-null';
      if (!v) return undefined;
      if (v.k === 'unknown' && v.errPtr !== undefined) return int(v.errPtr || (orNull && v.truthy === false) ? 1 : 0);
      if (v.k === 'int') return int(orNull && v.v === 0n ? 1 : 0);
      if (v.k !== 'unknown') return int(0);
      return { k: 'unknown' };
    }
    case 'ptr-err':
      if (a[0]?.k === 'unknown' && a[0].errPtr !== undefined)
        return a[0].errPtr ? { k: 'unknown', truthy: true } : int(0);
      return undefined;
    case 'zone-end-pfn': {
      const span = a[0]?.k === 'zone' ? zoneSpan(a[0], env.model) : undefined;
      return span ? int(span.start + span.spanned) : undefined;
    }
  }
}

/** A zone's span in the model, if the model has its node. */
function zoneSpan(z: Extract<Value, { k: 'zone' }>, model: ZoneModel | undefined) {
  return model?.nodes.find((n) => n.id === z.nid)?.zones[z.zone];
}

/** The position of a pointer into a node's zone array: the array itself (0), a zone, or one past the end. */
function zoneIndex(v: Value): { nid: number; idx: number } | undefined {
  if (v.k === 'zone') return { nid: v.nid, idx: ZONE_NAMES.indexOf(v.zone) };
  if (v.k === 'zones-end') return { nid: v.nid, idx: ZONE_NAMES.length };
  return undefined;
}

/**
 * Pointer arithmetic over a node's zone array, as in a walk over its zones:
 * `for (zone = pgdat->node_zones; zone < pgdat->node_zones + MAX_NR_ZONES; zone++)`.
 */
function zoneArithmetic(op: string, l: Value, r: Value): Value | undefined {
  const p = zoneIndex(l);
  if (!p) return undefined;
  if (op === '+' || op === '-') {
    const k = r.k === 'enum' && r.name === ZONE_COUNT_CONSTANT ? BigInt(ZONE_NAMES.length) : asInt(r);
    if (k === undefined) return undefined;
    const idx = p.idx + Number(op === '+' ? k : -k);
    if (idx === ZONE_NAMES.length) return { k: 'zones-end', nid: p.nid };
    return idx >= 0 && idx < ZONE_NAMES.length ? { k: 'zone', zone: ZONE_NAMES[idx]!, nid: p.nid } : undefined;
  }
  const q = zoneIndex(r);
  if (!q || q.nid !== p.nid) return undefined;
  switch (op) {
    case '<':
      return int(p.idx < q.idx ? 1 : 0);
    case '<=':
      return int(p.idx <= q.idx ? 1 : 0);
    case '>':
      return int(p.idx > q.idx ? 1 : 0);
    case '>=':
      return int(p.idx >= q.idx ? 1 : 0);
    case '==':
      return int(p.idx === q.idx ? 1 : 0);
    case '!=':
      return int(p.idx !== q.idx ? 1 : 0);
  }
  return undefined;
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^']);

/** A number the user supplied, as a value the path carries (`pfn` parsed from a store's buffer). */
export function isUserNumber(v: Value | undefined): v is Extract<Value, { k: 'unknown' }> {
  return v?.k === 'unknown' && v.user === 'number';
}

function binary(op: string, l: Value, r: Value): Value {
  // Arithmetic on a user's number is still the user's number (`pfn >>= PAGE_SHIFT`), proven nothing.
  if (ARITHMETIC.has(op) && (isUserNumber(l) || isUserNumber(r))) {
    const src = (isUserNumber(l) ? l : r) as Extract<Value, { k: 'unknown' }>;
    return { k: 'unknown', user: 'number', ...(src.from ? { from: src.from } : {}) };
  }
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
