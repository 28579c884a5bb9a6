/**
 * Typed button actions. A button's action is stored for up to 30 days (button_tokens, outbox
 * payloads) and comes back when it is pressed, so it is a small versioned record, declared
 * once per flow with a zod schema per operation:
 *
 *   export const languageActions = defineActions('language', {
 *     entry: { set: { locale: z.enum(['vi', 'en']) } },
 *   });
 *   languageActions.set({ locale: 'vi' })      // → { f: 'language', op: 'set', v: 1, locale: 'vi' }
 *
 * `entry` operations may be pressed at any time (a list of deadlines, a notice's button): they
 * start or restart the flow. `step` operations belong to one run of the flow: their builder
 * takes the run (`ctx`) and stamps its id, and the engine accepts them only while that run is
 * in a step that lists them. The engine validates every decoded action with `parse` before a
 * flow sees it: a forged, mistyped or older-version action is answered as a stale button and
 * changes nothing. Renaming an op or a field is a compile error in every builder and handler;
 * changing what a stored action means needs a new `version` (old buttons then go stale).
 *
 * Trade-off: the action carries its fields flat beside `f`/`op`/`v`/`iid` (as buttons stored
 * before versioning did), so a field may not be called f, op, v or iid. Actions stored before
 * versions existed have no `v`; they have exactly the shape of version 1 and are read as it.
 */
import { z } from 'zod';
import type { Json } from '../domain/json.js';

/** An action as stored: the flow, the operation, the schema version, the run (step actions). */
export interface StoredAction {
  f: string;
  op: string;
  v?: number;
  iid?: string;
  [k: string]: Json | undefined;
}

type Shape = Record<string, z.ZodType>;
type OpShapes = Record<string, Shape>;

const RESERVED = new Set(['f', 'op', 'v', 'iid']);

/** The typed action of one operation, as a flow's handler receives it. */
export type ActionOf<F extends string, K extends string, S extends Shape> = { f: F; op: K; iid?: string } & z.output<
  z.ZodObject<S>
>;

type Union<F extends string, Ops extends OpShapes> = {
  [K in keyof Ops & string]: ActionOf<F, K, Ops[K]>;
}[keyof Ops & string];

type Args<S extends Shape> = z.input<z.ZodObject<S>>;
/** Builders need no argument object when an operation has no fields. */
type EntryBuilder<S extends Shape> = keyof S extends never
  ? (args?: Args<S>) => StoredAction
  : (args: Args<S>) => StoredAction;
type StepBuilder<S extends Shape> = keyof S extends never
  ? (run: { readonly iid: string }, args?: Args<S>) => StoredAction
  : (run: { readonly iid: string }, args: Args<S>) => StoredAction;

export interface ActionSetBase<F extends string = string> {
  readonly flow: F;
  readonly version: number;
  /** The operations that belong to one run of the flow (their actions carry the run's id). */
  readonly stepOps: ReadonlySet<string>;
  /** The typed action, or undefined when the record is not a valid action of this flow. */
  parse(raw: unknown): ({ f: F; op: string; iid?: string } & Record<string, unknown>) | undefined;
}

export type ActionSet<F extends string, E extends OpShapes, S extends OpShapes> = ActionSetBase<F> & {
  parse(raw: unknown): Union<F, E & S> | undefined;
} & { readonly [K in keyof E & string]: EntryBuilder<E[K]> } & {
  readonly [K in keyof S & string]: StepBuilder<S[K]>;
};

/** The typed action union of an action set, for a flow's `onAction`. */
export type ActionsOf<A> = A extends { parse(raw: unknown): infer U } ? Exclude<U, undefined> : never;

export function defineActions<
  F extends string,
  E extends OpShapes = Record<never, Shape>,
  S extends OpShapes = Record<never, Shape>,
>(flow: F, ops: { entry?: E; step?: S }, version = 1): ActionSet<F, E, S> {
  const schemas = new Map<string, z.ZodType>();
  const stepOps = new Set<string>();
  const set: Record<string, unknown> = { flow, version, stepOps };
  for (const [group, defs] of [
    ['entry', ops.entry ?? {}],
    ['step', ops.step ?? {}],
  ] as const) {
    for (const [op, shape] of Object.entries(defs)) {
      if (schemas.has(op)) throw new Error(`action ${flow}.${op} declared twice`);
      for (const field of Object.keys(shape)) {
        if (RESERVED.has(field)) throw new Error(`action ${flow}.${op}: field "${field}" is reserved`);
      }
      const isStep = group === 'step';
      if (isStep) stepOps.add(op);
      const schema = z.object({
        f: z.literal(flow),
        op: z.literal(op),
        v: z.literal(version).optional(),
        iid: isStep ? z.string().min(1) : z.string().optional(),
        ...shape,
      });
      schemas.set(op, schema);
      const build = (args: Record<string, unknown> = {}, iid?: string): StoredAction => {
        // Validated when built too: a builder never stores what parse would refuse.
        const action = { f: flow, op, v: version, ...(iid !== undefined ? { iid } : {}), ...args };
        schema.parse(action);
        return stripUndefined(action);
      };
      set[op] = isStep
        ? (run: { iid: string }, args?: Record<string, unknown>) => build(args, run.iid)
        : (args?: Record<string, unknown>) => build(args);
    }
  }
  set.parse = (raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return undefined;
    const r = raw as { f?: unknown; op?: unknown; v?: unknown };
    if (r.f !== flow || typeof r.op !== 'string') return undefined;
    // An action written by an older version of the flow no longer means the same thing.
    if (r.v !== undefined && r.v !== version) return undefined;
    const schema = schemas.get(r.op);
    if (!schema) return undefined;
    const out = schema.safeParse(raw);
    return out.success ? out.data : undefined;
  };
  return set as ActionSet<F, E, S>;
}

function stripUndefined(a: Record<string, unknown>): StoredAction {
  for (const k of Object.keys(a)) if (a[k] === undefined) delete a[k];
  return a as StoredAction;
}

/** Field schemas that buttons use again and again. */
export const field = {
  /** A database id. */
  id: z.number().int().positive(),
  /** A page of a paged list (negative or huge pages are clamped by the pager). */
  page: z.number().int().min(0).max(10_000),
  /** A code from the data (units, deadlines, titles). */
  code: z.string().min(1).max(64),
  /** The second press of a consequential action (confirm.ts). */
  confirmed: z.literal(true).optional(),
};
