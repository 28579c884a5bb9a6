/**
 * A flow's steps, declared: for each step the schema of the data the conversation keeps
 * between messages, the step buttons (operations of the flow's action set) and whether it
 * takes typed text or a file.
 *
 *   const steps = defineSteps('report', {
 *     item: { data: z.object({ deadlineId: field.id, idx: z.number().int() }), actions: ['answer', 'skip'], text: true },
 *     summary: { data: z.object({ deadlineId: field.id }), actions: ['submit', 'edit'] },
 *   });
 *   steps.enter(ctx, 'item', { deadlineId: 3, idx: 0 });   // typed, validated, new run
 *   const d = steps.data(ctx, 'item');                      // typed; stale answer if elsewhere
 *
 * The engine reads the same declaration (Flow.steps): a button of another step, text where
 * none is asked or a file where none is expected never reaches the flow; stored data that
 * no longer matches its step (an upgrade changed it) ends the flow with a polite note, while
 * the answers a person gave live in their own tables and are never lost.
 * Trade-off: data is validated on every write and read (zod, microseconds) rather than trusted
 * as `Record<string, Json>`; a mismatch on write is a bug and fails loudly.
 */
import type { z } from 'zod';
import { PENDING_COMMAND } from './drafts.js';
import { UserError, type FlowContext, type StepSpec } from './flow.js';

export type { StepSpec };
import type { Json } from './types.js';

type Specs = Record<string, StepSpec>;
type DataIn<S extends Specs, K extends keyof S> = z.input<S[K]['data']>;
type DataOut<S extends Specs, K extends keyof S> = z.output<S[K]['data']>;

/** Keys the engine keeps in flow data beside a step's own (run id, the pending command). */
const ENGINE_KEYS = new Set(['iid', PENDING_COMMAND]);

export interface Steps<S extends Specs> {
  readonly specs: S;
  /** Starts a new run of the flow at `step` (older buttons of the flow go stale). */
  enter<K extends keyof S & string>(ctx: FlowContext, step: K, data: DataIn<S, K>): void;
  /** Moves within the current run. */
  go<K extends keyof S & string>(ctx: FlowContext, step: K, data: DataIn<S, K>): void;
  /** The current step's data, typed; a polite stale answer (nothing changes) if the run is elsewhere. */
  data<K extends keyof S & string>(ctx: FlowContext, ...step: K[]): DataOut<S, K>;
  /** The current step, when the chat is in this flow at one of the declared steps. */
  current(ctx: FlowContext): (keyof S & string) | undefined;
}

export function defineSteps<S extends Specs>(flow: string, specs: S): Steps<S> {
  const check = <K extends keyof S & string>(step: K, data: unknown): Record<string, Json> => {
    const spec = specs[step];
    if (!spec) throw new Error(`undeclared step ${step}`);
    return spec.data.parse(data) as Record<string, Json>;
  };
  return {
    specs,
    enter(ctx, step, data) {
      ctx.enter(flow, step, check(step, data));
    },
    go(ctx, step, data) {
      ctx.go(step, check(step, data));
    },
    data(ctx, ...wanted) {
      const step = ctx.state.flow === flow ? (ctx.state.step as (keyof S & string) | null) : null;
      if (step === null || !wanted.includes(step as never)) throw new UserError({ text: ctx.t('common.stale_button') });
      const parsed = specs[step]!.data.safeParse(ownData(ctx.state.data));
      if (!parsed.success) throw new UserError({ text: ctx.t('common.stale_button') });
      return parsed.data as DataOut<S, typeof step>;
    },
    current(ctx) {
      const step = ctx.state.flow === flow ? ctx.state.step : null;
      return step !== null && step in specs ? step : undefined;
    },
  };
}

/** Flow data without the engine's own keys. */
export function ownData(data: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(data)) if (!ENGINE_KEYS.has(k)) out[k] = v;
  return out;
}

/** Whether stored data still fits its step (the engine asks on load). */
export function stepDataFits(spec: StepSpec | undefined, data: Record<string, Json>): boolean {
  return spec !== undefined && spec.data.safeParse(ownData(data)).success;
}
