/**
 * The one statement that opens the engine's transaction: records the batch's update ids,
 * reads who sent each update, each conversation's state and the settings replies mention. One statement rather than three
 * because the embedded database pays a fixed cost per statement that is larger than the work
 * (and on a server it is one round trip).
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Store } from '../store.js';
import { settings } from '../schema.js';
import {
  conversationsQuery,
  freshFrom,
  markUpdatesQuery,
  snapshotsFrom,
  type ChatKey,
  type ConversationSnapshot,
  type FreshRow,
  type SnapshotRow,
} from './conversation.js';
import { speakersFrom, speakersQuery, type Speaker, type SpeakerRow } from './directory.js';

export interface Opening {
  /** `updateKey`s recorded now: the others were seen before. */
  fresh: Set<string>;
  /** By `accountKey`; unknown accounts are absent. */
  speakers: Map<string, Speaker>;
  /** By `chatKeyString`; chats without a saved state are absent. */
  conversations: Map<string, ConversationSnapshot>;
  /** The asked-for settings that exist, by key. */
  settings: Record<string, unknown>;
}

export async function openUpdates(
  store: Pick<Store, 'executeNamed'>,
  db: Db,
  input: {
    updates: ReadonlyArray<{ channel: string; updateId: string }>;
    accounts: ReadonlyArray<{ channel: string; externalId: string }>;
    chats: readonly ChatKey[];
    /** Settings many replies mention (the issuing body's name): read here, not per flow. */
    settingKeys: readonly string[];
  },
  now: Date,
): Promise<Opening> {
  const result = await store.executeNamed(
    db,
    'thidua_open_updates',
    sql`
    with fresh as (${markUpdatesQuery(input.updates, now)}),
         speakers as (${speakersQuery(input.accounts)}),
         chats as (${conversationsQuery(input.chats)})
    select (select coalesce(json_agg(fresh), '[]'::json) from fresh) as fresh,
           (select coalesce(json_agg(speakers), '[]'::json) from speakers) as speakers,
           (select coalesce(json_agg(chats), '[]'::json) from chats) as chats,
           (select coalesce(json_object_agg(s.key, s.value), '{}'::json) from ${settings} s
             where s.key in (select jsonb_array_elements_text(${JSON.stringify(input.settingKeys)}::jsonb))) as settings`,
  );
  const row = rowsOf<{ fresh: unknown; speakers: unknown; chats: unknown; settings: unknown }>(result)[0]!;
  const parse = <T>(v: unknown): T[] => (typeof v === 'string' ? JSON.parse(v) : v) as T[];
  return {
    fresh: freshFrom(parse<FreshRow>(row.fresh)),
    speakers: speakersFrom(parse<SpeakerRow>(row.speakers)),
    conversations: snapshotsFrom(parse<SnapshotRow>(row.chats)),
    settings: (typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings) as Record<string, unknown>,
  };
}
