/**
 * The one statement that opens the engine's transaction: records the batch's update ids,
 * reads who sent each update, each conversation's state and the jurisdictions they act in. One statement rather than three
 * because the embedded database pays a fixed cost per statement that is larger than the work
 * (and on a server it is one round trip).
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type Store } from '../store.js';
import { jurisdictions } from '../schema.js';
import type { JurisdictionRow } from './jurisdictions.js';
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
  speakers: Map<string, Speaker[]>;
  /** By `chatKeyString`; chats without a saved state are absent. */
  conversations: Map<string, ConversationSnapshot>;
  /**
   * By id: the speakers' jurisdictions, their parents (where a commune office also acts), and
   * the default one (what a stranger's questions are answered in: `defaultJurisdictionId`).
   */
  jurisdictions: Map<number, JurisdictionRow>;
  defaultJurisdictionId: number | null;
}

export async function openUpdates(
  store: Pick<Store, 'executeNamed'>,
  db: Db,
  input: {
    updates: ReadonlyArray<{ channel: string; updateId: string }>;
    accounts: ReadonlyArray<{ channel: string; externalId: string }>;
    chats: readonly ChatKey[];
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
           (select coalesce(json_agg(j), '[]'::json) from ${jurisdictions} j
             where j.id in (select jurisdiction_id from speakers union select parent_jurisdiction_id from speakers)
                or j.id = (select d.id from ${jurisdictions} d order by (d.parent_id is null and d.active_to is null) desc, d.id limit 1))
             as jurisdictions,
           (select d.id from ${jurisdictions} d order by (d.parent_id is null and d.active_to is null) desc, d.id limit 1)
             as default_jurisdiction`,
  );
  const row = rowsOf<{
    fresh: unknown;
    speakers: unknown;
    chats: unknown;
    jurisdictions: unknown;
    default_jurisdiction: number | null;
  }>(result)[0]!;
  const parse = <T>(v: unknown): T[] => (typeof v === 'string' ? JSON.parse(v) : v) as T[];
  return {
    fresh: freshFrom(parse<FreshRow>(row.fresh)),
    speakers: speakersFrom(parse<SpeakerRow>(row.speakers)),
    conversations: snapshotsFrom(parse<SnapshotRow>(row.chats)),
    jurisdictions: new Map(parse<JurisdictionJson>(row.jurisdictions).map((j) => [j.id, jurisdictionFrom(j)])),
    defaultJurisdictionId: row.default_jurisdiction,
  };
}

/** A `jurisdictions` row as `json_agg` spells it. */
interface JurisdictionJson {
  id: number;
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  parent_id: number | null;
  unit_code_in_parent: string | null;
  issuer: string;
  office_name: string;
  council_name: string | null;
  legal_basis: string | null;
  time_zone: string | null;
  rule_set: string | null;
  active_from: string | null;
  active_to: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

function jurisdictionFrom(j: JurisdictionJson): JurisdictionRow {
  return {
    id: j.id,
    code: j.code,
    name: j.name,
    level: j.level,
    parentCode: j.parent_code,
    parentId: j.parent_id,
    unitCodeInParent: j.unit_code_in_parent,
    issuer: j.issuer,
    officeName: j.office_name,
    councilName: j.council_name,
    legalBasis: j.legal_basis,
    timeZone: j.time_zone,
    ruleSet: j.rule_set,
    activeFrom: j.active_from,
    activeTo: j.active_to,
    note: j.note,
    createdAt: new Date(j.created_at),
    updatedAt: new Date(j.updated_at),
  };
}
