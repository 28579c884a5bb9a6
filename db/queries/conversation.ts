/** Per-chat conversation state, button tokens and processed update ids. */
import { randomBytes } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../store.js';
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

export type ConversationPatch = Pick<ConversationRow, 'flow' | 'step' | 'data' | 'choices' | 'expectsText' | 'locale'>;

export async function saveConversation(db: Db, key: ChatKey, patch: ConversationPatch, now: Date): Promise<void> {
  await db
    .insert(conversationState)
    .values({ ...key, ...patch, version: 1, updatedAt: now })
    .onConflictDoUpdate({
      target: [conversationState.channel, conversationState.chatId, conversationState.accountId],
      set: { ...patch, version: sql`${conversationState.version} + 1`, updatedAt: now },
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
  rows: Array<{ token: string; channel: string; chatId: string; action: unknown }>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(buttonTokens).values(rows.map((r) => ({ ...r, createdAt: now })));
}

export async function findButtonAction(db: Db, token: string, channel: string, chatId: string): Promise<unknown | undefined> {
  const rows = await db
    .select({ action: buttonTokens.action })
    .from(buttonTokens)
    .where(and(eq(buttonTokens.token, token), eq(buttonTokens.channel, channel), eq(buttonTokens.chatId, chatId)))
    .limit(1);
  return rows[0]?.action;
}

export async function pruneButtonTokens(db: Db, olderThan: Date): Promise<void> {
  await db.delete(buttonTokens).where(lt(buttonTokens.createdAt, olderThan));
}

/** Records an update id; false when it was already recorded (a repeated delivery). */
export async function markUpdateProcessed(db: Db, channel: string, updateId: string, now: Date): Promise<boolean> {
  const rows = await db
    .insert(processedUpdates)
    .values({ channel, updateId, at: now })
    .onConflictDoNothing()
    .returning({ id: processedUpdates.updateId });
  return rows.length > 0;
}

export async function pruneProcessedUpdates(db: Db, olderThan: Date): Promise<void> {
  await db.delete(processedUpdates).where(lt(processedUpdates.at, olderThan));
}
