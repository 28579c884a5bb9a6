/** Per-chat conversation state, button tokens and processed update ids. */
import { randomBytes } from 'node:crypto';
import { and, eq, lt, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from '../store.js';
import { buttonTokens, conversationState, processedUpdates } from '../schema.js';

export interface ChatKey {
  channel: string;
  chatId: string;
  accountId: string;
}

export type ConversationRow = typeof conversationState.$inferSelect;

export async function loadConversation(db: Db, key: ChatKey): Promise<ConversationRow | undefined> {
  const rows = await db
    .select()
    .from(conversationState)
    .where(
      and(
        eq(conversationState.channel, key.channel),
        eq(conversationState.chatId, key.chatId),
        eq(conversationState.accountId, key.accountId),
      ),
    )
    .limit(1);
  return rows[0];
}

/** One string per conversation, for maps and for the engine's batches. */
export function chatKeyString(key: ChatKey): string {
  return `${key.channel}\u0000${key.chatId}\u0000${key.accountId}`;
}

/** The part of a conversation's row the engine works with. */
export type ConversationSnapshot = Pick<
  ConversationRow,
  'flow' | 'step' | 'data' | 'choices' | 'expectsText' | 'locale' | 'seat'
>;

/**
 * The states of several conversations (rows keyed by `chatKeyString` through
 * `snapshotsFrom`). Run for every update, inside the engine's opening statement (opening.ts),
 * so it is written by hand like `speakersQuery` (directory.ts).
 */
export function conversationsQuery(keys: readonly ChatKey[]): SQL {
  const wanted = JSON.stringify(keys.map((k) => ({ channel: k.channel, chat_id: k.chatId, account_id: k.accountId })));
  return sql`
    select c.channel, c.chat_id, c.account_id, c.flow, c.step, c.data, c.choices, c.expects_text, c.locale, c.seat
    from ${conversationState} c
    where (c.channel, c.chat_id, c.account_id) in
      (select k.channel, k.chat_id, k.account_id from jsonb_to_recordset(${wanted}::jsonb) as k(channel text, chat_id text, account_id text))`;
}

export function snapshotsFrom(rows: readonly SnapshotRow[]): Map<string, ConversationSnapshot> {
  const out = new Map<string, ConversationSnapshot>();
  for (const r of rows) {
    out.set(chatKeyString({ channel: r.channel, chatId: r.chat_id, accountId: r.account_id }), {
      flow: r.flow,
      step: r.step,
      data: fromJson(r.data),
      choices: fromJson(r.choices) as ConversationSnapshot['choices'],
      expectsText: r.expects_text,
      locale: r.locale,
      seat: r.seat,
    });
  }
  return out;
}

export interface SnapshotRow {
  channel: string;
  chat_id: string;
  account_id: string;
  flow: string | null;
  step: string | null;
  data: unknown;
  choices: unknown;
  expects_text: boolean;
  locale: string | null;
  seat: string | null;
}

/** jsonb arrives as text (see store.ts); parse it once. */
function fromJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export type ConversationPatch = Pick<
  ConversationRow,
  'flow' | 'step' | 'data' | 'choices' | 'expectsText' | 'locale' | 'seat'
>;

/** Upserts several conversations (distinct keys) in one statement. */
export async function saveConversations(
  db: Db,
  items: ReadonlyArray<{ key: ChatKey; patch: ConversationPatch }>,
  now: Date,
): Promise<void> {
  if (items.length === 0) return;
  const excluded = (column: string) => sql.raw(`excluded.${column}`);
  await db
    .insert(conversationState)
    .values(items.map(({ key, patch }) => ({ ...key, ...patch, version: 1, updatedAt: now })))
    .onConflictDoUpdate({
      target: [conversationState.channel, conversationState.chatId, conversationState.accountId],
      set: {
        flow: excluded('flow'),
        step: excluded('step'),
        data: excluded('data'),
        choices: excluded('choices'),
        expectsText: excluded('expects_text'),
        locale: excluded('locale'),
        seat: excluded('seat'),
        version: sql`${conversationState.version} + 1`,
        updatedAt: excluded('updated_at'),
      },
    });
}

/** Only the numbered choices, for messages sent outside a conversation (reminders). */
export async function setChoices(db: Db, key: ChatKey, choices: ConversationRow['choices'], now: Date): Promise<void> {
  await db
    .insert(conversationState)
    .values({ ...key, choices, expectsText: false, updatedAt: now })
    .onConflictDoUpdate({
      target: [conversationState.channel, conversationState.chatId, conversationState.accountId],
      set: { choices, expectsText: false, updatedAt: now },
    });
}

/** 10 characters of [a-z0-9]: about 51 bits, short enough for Telegram's 64-byte callback data. */
export function newToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += alphabet[b % 36];
  return out;
}

export async function saveButtonTokens(
  db: Db,
  rows: Array<{ token: string; channel: string; chatId: string; action: unknown; jurisdictionId?: number | null }>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(buttonTokens)
    .values(rows.map((r) => ({ ...r, jurisdictionId: r.jurisdictionId ?? null, createdAt: now })));
}

/** What a pressed button means, and the jurisdiction it was made in (null for buttons older than the tree). */
export async function findButtonAction(
  db: Db,
  token: string,
  channel: string,
  chatId: string,
): Promise<{ action: unknown; jurisdictionId: number | null } | undefined> {
  const rows = await db
    .select({ action: buttonTokens.action, jurisdictionId: buttonTokens.jurisdictionId })
    .from(buttonTokens)
    .where(and(eq(buttonTokens.token, token), eq(buttonTokens.channel, channel), eq(buttonTokens.chatId, chatId)))
    .limit(1);
  return rows[0];
}

export async function pruneButtonTokens(db: Db, olderThan: Date): Promise<void> {
  await db.delete(buttonTokens).where(lt(buttonTokens.createdAt, olderThan));
}

/** Records an update id; false when it was already recorded (a repeated delivery). */
export async function markUpdateProcessed(db: Db, channel: string, updateId: string, now: Date): Promise<boolean> {
  const rows = rowsOf<FreshRow>(await db.execute(markUpdatesQuery([{ channel, updateId }], now)));
  return rows.length > 0;
}

export function updateKey(channel: string, updateId: string): string {
  return `${channel}\u0000${updateId}`;
}

/** Records update ids; returns the (channel, update_id) that were new. */
export function markUpdatesQuery(updates: ReadonlyArray<{ channel: string; updateId: string }>, now: Date): SQL {
  const list = JSON.stringify(updates.map((u) => ({ channel: u.channel, update_id: u.updateId })));
  return sql`
    insert into ${processedUpdates} (channel, update_id, at)
    select u.channel, u.update_id, ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${list}::jsonb) as u(channel text, update_id text)
    on conflict do nothing
    returning channel, update_id`;
}

export interface FreshRow {
  channel: string;
  update_id: string;
}

export function freshFrom(rows: readonly FreshRow[]): Set<string> {
  return new Set(rows.map((r) => updateKey(r.channel, r.update_id)));
}

export async function pruneProcessedUpdates(db: Db, olderThan: Date): Promise<void> {
  await db.delete(processedUpdates).where(lt(processedUpdates.at, olderThan));
}
