/**
 * Declared flows and typed buttons as a person meets them: a button whose stored action was
 * forged, mistyped or written by an older version is answered as stale and changes nothing; a
 * step button only works in the step that shows it; text where no step asks for it goes to the
 * plain-language fallback; stored data an upgrade no longer understands ends the flow with a
 * note and loses nothing saved; a refusal inside a group-commit batch undoes only its own
 * update (a savepoint each), and the other people's updates in the batch are kept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { silentLogger } from '../bot/logger.js';
import { buttonTokens, conversationState, settings } from '../db/schema.js';
import type { Store } from '../db/store.js';
import { defineActions, field } from '../handlers/actions.js';
import { createEngine, type Engine } from '../handlers/engine/index.js';
import { defineFlow, UserError, type Flow, type FlowContext } from '../handlers/flow.js';
import { FLOWS } from '../handlers/flows/index.js';
import { translator } from '../handlers/i18n/index.js';
import { defineSteps } from '../handlers/steps.js';
import type { InboundEvent, OutboundMessage } from '../handlers/types.js';
import { TestClock, BUTTON_CAPS, createTestApp, type TestApp } from './helpers/app.js';
import { openTestStore } from './helpers/db.js';

const t = translator('vi');

describe('typed actions (handlers/actions.ts)', () => {
  const acts = defineActions('demo', {
    entry: { open: { deadline: field.id, page: field.page.optional() } },
    step: { answer: { value: z.boolean() }, done: {} },
  });

  it('builds versioned records that parse back to typed actions', () => {
    const open = acts.open({ deadline: 3 });
    expect(open).toEqual({ f: 'demo', op: 'open', v: 1, deadline: 3 });
    expect(acts.parse(open)).toEqual({ f: 'demo', op: 'open', v: 1, deadline: 3 });
    const answer = acts.answer({ iid: 'ab12' }, { value: true });
    expect(answer).toEqual({ f: 'demo', op: 'answer', v: 1, iid: 'ab12', value: true });
    expect(acts.stepOps.has('answer')).toBe(true);
    expect(acts.stepOps.has('open')).toBe(false);
  });

  it('refuses forged, mistyped, unknown, other-flow and other-version records', () => {
    expect(acts.parse({ f: 'demo', op: 'open', deadline: '3' })).toBeUndefined();
    expect(acts.parse({ f: 'demo', op: 'open', deadline: -1 })).toBeUndefined();
    expect(acts.parse({ f: 'demo', op: 'delete_all' })).toBeUndefined();
    expect(acts.parse({ f: 'other', op: 'open', deadline: 3 })).toBeUndefined();
    expect(acts.parse({ f: 'demo', op: 'open', v: 2, deadline: 3 })).toBeUndefined();
    expect(acts.parse({ f: 'demo', op: 'answer', value: true })).toBeUndefined(); // a step action without its run
    expect(acts.parse(null)).toBeUndefined();
    expect(acts.parse('open')).toBeUndefined();
  });

  it('reads a record stored before versions existed as version 1', () => {
    expect(acts.parse({ f: 'demo', op: 'open', deadline: 3 })).toMatchObject({ op: 'open', deadline: 3 });
  });

  it('never builds what it would refuse, and reserves its own field names', () => {
    expect(() => acts.open({ deadline: 0 })).toThrow();
    expect(() => defineActions('x', { entry: { open: { op: z.string() } } })).toThrow(/reserved/);
  });
});

describe('the engine enforces what a flow declares', () => {
  let store: Store;
  let engine: Engine;
  let clock: TestClock;
  let seq = 1;

  const counterActions = defineActions('counter', {
    entry: { begin: {} },
    step: { inc: {}, finish: {}, fail: {} },
  });
  const counterSteps = defineSteps('counter', {
    count: { data: z.object({ n: z.number().int() }), actions: ['inc', 'finish', 'fail'], text: true },
    done: { data: z.object({ n: z.number().int() }) },
  });
  const startCounter = (ctx: FlowContext): void => {
    counterSteps.enter(ctx, 'count', { n: 0 });
    ctx.reply({ text: 'n=0', buttons: [[{ label: 'inc', action: counterActions.inc(ctx) }]] });
  };
  const counterFlow = defineFlow({
    name: 'counter',
    actions: counterActions,
    steps: counterSteps.specs,
    async start(ctx) {
      startCounter(ctx);
    },
    async onAction(ctx, action) {
      switch (action.op) {
        case 'begin':
          return startCounter(ctx);
        case 'inc': {
          const { n } = counterSteps.data(ctx, 'count');
          counterSteps.go(ctx, 'count', { n: n + 1 });
          return ctx.reply({
            text: `n=${n + 1}`,
            buttons: [
              [{ label: 'inc', action: counterActions.inc(ctx) }],
              [{ label: 'finish', action: counterActions.finish(ctx) }],
              [{ label: 'fail', action: counterActions.fail(ctx) }],
            ],
          });
        }
        case 'finish': {
          const { n } = counterSteps.data(ctx, 'count');
          counterSteps.go(ctx, 'done', { n });
          return ctx.reply({ text: `done at ${n}` });
        }
        case 'fail': {
          // A write, then a polite refusal: the write must not survive.
          await ctx.tx.insert(settings).values({ key: `fail-${ctx.event.chatId}`, value: 1, updatedAt: ctx.now });
          throw new UserError({ text: 'refused' });
        }
      }
    },
    async onText(ctx, text) {
      ctx.reply({ text: `typed ${text}` });
    },
  });
  const fallback: Flow = {
    name: 'fallback',
    steps: {},
    async start() {},
    async onText(ctx, text) {
      ctx.reply({ text: `fallback ${text}` });
    },
  };
  const writer = defineFlow({
    name: 'writer',
    steps: {},
    async start(ctx) {
      await ctx.tx.insert(settings).values({ key: `ok-${ctx.event.chatId}`, value: 1, updatedAt: ctx.now });
      ctx.reply({ text: 'written' });
    },
  });
  const cancel: Flow = {
    name: 'cancel',
    steps: {},
    async start(ctx) {
      ctx.leave();
    },
  };

  beforeEach(async () => {
    store = await openTestStore();
    clock = new TestClock(new Date('2026-11-26T02:00:00Z'));
    engine = createEngine({
      store,
      clock,
      logger: silentLogger(),
      settings: { timezone: 'Asia/Ho_Chi_Minh', defaultLocale: 'vi', maxFileBytes: 1e6, inviteTtlDays: 7 },
      // Commands route to flows by the catalog's names: `/tieuchi` is "criteria"; rename for the test.
      flows: [{ ...counterFlow, name: 'counter' }, { ...writer, name: 'criteria' }, fallback, cancel],
      cancelFlow: 'cancel',
      fallbackFlow: 'fallback',
      batching: { maxBatch: 50, maxInFlight: 1 },
    });
  });
  afterEach(async () => store.close());

  function event(chat: string, e: Partial<InboundEvent>): InboundEvent {
    return { channel: 'telegram', accountId: chat, chatId: chat, chatType: 'private', updateId: `d${seq++}`, ...e };
  }
  async function send(chat: string, e: Partial<InboundEvent>): Promise<OutboundMessage[]> {
    return (await engine.handle(event(chat, e), BUTTON_CAPS)).replies;
  }
  const button = (m: OutboundMessage[] | undefined, label: string): string =>
    m!.flatMap((r) => r.buttons?.flat() ?? []).find((b) => b.label === label)!.token;
  /** Enters the flow through an entry button stored like any other (a notice's button, say). */
  async function begin(chat: string): Promise<OutboundMessage[]> {
    const token = `begin${chat}`.padEnd(10, '0').slice(0, 10);
    await store.db
      .insert(buttonTokens)
      .values({ token, channel: 'telegram', chatId: chat, action: counterActions.begin(), createdAt: clock.now() });
    return send(chat, { buttonToken: token });
  }

  it('a step button works in its step, and is stale once the run moved to a step that does not list it', async () => {
    const first = await begin('c1');
    expect(first[0]!.text).toBe('n=0');
    const second = await send('c1', { buttonToken: button(first, 'inc') });
    expect(second[0]!.text).toBe('n=1');
    const done = await send('c1', { buttonToken: button(second, 'finish') });
    expect(done[0]!.text).toBe('done at 1');
    // The same run, but the step "done" lists no buttons: the old "inc" is stale.
    const again = await send('c1', { buttonToken: button(second, 'inc') });
    expect(again[0]!.text).toBe(t('common.stale_button'));
    const [row] = await store.db.select().from(conversationState);
    expect(row!.step).toBe('done');
    expect(row!.data).toMatchObject({ n: 1 });
  });

  it('a stored action tampered with (wrong type, older version) is stale and changes nothing', async () => {
    const first = await begin('c2');
    const token = button(first, 'inc');
    const [stored] = await store.db.select().from(buttonTokens).where(eq(buttonTokens.token, token));
    for (const forged of [
      { ...(stored!.action as object), v: 2 },
      { ...(stored!.action as object), op: 'drop_tables' },
      { ...(stored!.action as object), iid: 12345 },
    ]) {
      await store.db.update(buttonTokens).set({ action: forged }).where(eq(buttonTokens.token, token));
      const reply = await send('c2', { buttonToken: token });
      expect(reply[0]!.text).toBe(t('common.stale_button'));
    }
    const [row] = await store.db.select().from(conversationState);
    expect(row!.data).toMatchObject({ n: 0 });
  });

  it('text goes to the step that takes it, and to the fallback where the step takes none', async () => {
    const first = await begin('c3');
    expect((await send('c3', { text: 'xin chào' }))[0]!.text).toBe('typed xin chào');
    const second = await send('c3', { buttonToken: button(first, 'inc') });
    await send('c3', { buttonToken: button(second, 'finish') });
    expect((await send('c3', { text: 'xin chào' }))[0]!.text).toBe('fallback xin chào');
    // A file where no step takes one is refused politely.
    const file = await send('c3', { file: { fileId: 'f1', kind: 'document', name: 'a.pdf' } });
    expect(file[0]!.text).toBe(t('common.file_unexpected'));
  });

  it('stored data an upgrade no longer understands ends the flow with a note', async () => {
    await begin('c4');
    await store.db.update(conversationState).set({ data: { n: 'many', iid: 'x' } });
    const reply = await send('c4', { text: 'xin chào' });
    expect(reply.map((r) => r.text)).toEqual([t('common.flow_reset'), 'fallback xin chào']);
    const [row] = await store.db.select().from(conversationState);
    expect(row!.flow).toBeNull();
  });

  it('a refusal in a batch undoes its own writes only; the batch keeps everyone else', async () => {
    const a = await begin('c5');
    const incd = await send('c5', { buttonToken: button(a, 'inc') });
    // Three updates at once: the first runs alone, the other two share one transaction.
    const failing = event('c5', { buttonToken: button(incd, 'fail') });
    const results = await Promise.all([
      engine.handle(event('c6', { text: '/tieuchi' }), BUTTON_CAPS),
      engine.handle(failing, BUTTON_CAPS),
      engine.handle(event('c7', { text: '/tieuchi' }), BUTTON_CAPS),
    ]);
    expect(results.map((r) => r.replies[0]!.text)).toEqual(['written', 'refused', 'written']);
    const keys = (await store.db.select().from(settings)).map((s) => s.key).filter((k) => /^(ok|fail)-/.test(k));
    expect(keys.sort()).toEqual(['ok-c6', 'ok-c7']);
    // The refused update was still recorded: delivered again, it is a duplicate and acts never.
    expect((await engine.handle(failing, BUTTON_CAPS)).duplicate).toBe(true);
    const [row] = await store.db.select().from(conversationState).where(eq(conversationState.chatId, 'c5'));
    expect(row!.data).toMatchObject({ n: 1 });
  });
});

describe('every installed flow', () => {
  it('declares its steps, and the actions of every button it handles', () => {
    for (const flow of FLOWS) {
      expect(flow.steps, flow.name).toBeDefined();
      if (flow.onAction) expect(flow.actions, flow.name).toBeDefined();
      for (const [name, step] of Object.entries(flow.steps))
        for (const op of step.actions ?? [])
          expect(flow.actions?.stepOps.has(op), `${flow.name}.${name}.${op}`).toBe(true);
    }
  });
});

describe('a real flow with declared actions (/ngonngu)', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await createTestApp();
  });
  afterEach(async () => app.close());

  it('a language button edited to an unknown language is stale and the language stays', async () => {
    const chat = app.chat('focal-a');
    await chat.send('/ngonngu');
    const token = chat.findButton('English');
    await app.store.db
      .update(buttonTokens)
      .set({ action: { f: 'language', op: 'set', v: 1, locale: 'fr' } })
      .where(eq(buttonTokens.token, token));
    expect((await chat.press('English'))[0]).toBe(t('common.stale_button'));
    expect((await chat.send('/help'))[0]).toContain('/baocao (/report) — báo cáo kết quả thi đua của đơn vị');
  });
});
