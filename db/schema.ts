/**
 * The whole relational model. Plain declarations only: drizzle-kit compiles this file to
 * CommonJS to generate migrations, so nothing here may run code at import time.
 *
 * Everything about the jurisdiction (units, titles, ratios, calendar) is data loaded from
 * YAML; the tables carry stable `code`s so re-importing a file updates rows in place.
 */

import {
  type AnyPgColumn,
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();
/** Raw bytes: postgres.js hands back a Buffer, PGlite a Uint8Array; both are Uint8Arrays. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The tree of local government: a province (tinh), its communes (xa), and dissolved districts
 * (huyen) kept for their history. Everything local (units, roles, campaigns, deadlines,
 * templates, ratio rules, local award forms, reminders, broadcasts, audit rows) belongs to
 * exactly one; national content (titles and award forms of national law) to none.
 * `parentCode` is what the data file said; `parentId` is set once the parent is in the store,
 * so a folder of files imports in any order.
 */
export const jurisdictions = pgTable(
  'jurisdictions',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** tinh | xa | huyen */
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    parentId: integer('parent_id').references((): AnyPgColumn => jurisdictions.id),
    /** The unit that stands for this jurisdiction in its parent (a commune as a unit of its province). */
    unitCodeInParent: text('unit_code_in_parent'),
    issuer: text('issuer').notNull(),
    officeName: text('office_name').notNull(),
    councilName: text('council_name'),
    legalBasis: text('legal_basis'),
    timeZone: text('time_zone'),
    ruleSet: text('rule_set'),
    activeFrom: text('active_from'),
    activeTo: text('active_to'),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('jurisdictions_code_uq').on(t.code), index('jurisdictions_parent_idx').on(t.parentId)],
);

/** Where a dissolved jurisdiction's units went (a district's communes into the new communes). */
export const jurisdictionSuccessors = pgTable(
  'jurisdiction_successors',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: integer('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    unitCode: text('unit_code').notNull(),
    successorCode: text('successor_code').notNull(),
    successorUnitCode: text('successor_unit_code'),
    note: text('note'),
  },
  (t) => [uniqueIndex('jurisdiction_successors_uq').on(t.jurisdictionId, t.unitCode, t.successorCode)],
);

/** The jurisdiction a local row belongs to. */
const jurisdictionId = () =>
  integer('jurisdiction_id')
    .notNull()
    .references(() => jurisdictions.id);

/** Key/value facts about the installation (secrets, schema facts); a jurisdiction's names live in `jurisdictions`. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    isOffice: boolean('is_office').notNull().default(false),
    parentCode: text('parent_code'),
    active: boolean('active').notNull().default(true),
    note: text('note'),
    uncertain: boolean('uncertain').notNull().default(false),
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('units_code_uq').on(t.jurisdictionId, t.code)],
);

export const people = pgTable(
  'people',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    code: text('code'),
    fullName: text('full_name').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
    position: text('position'),
    /** Contact number as the office's sheet gives it (normalised: digits, leading 0 or +84). */
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
    locale: text('locale'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_code_uq').on(t.jurisdictionId, t.code), index('people_unit_idx').on(t.unitId)],
);

/** A platform identity bound to a person. One person may hold several. */
export const accounts = pgTable(
  'accounts',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    /** Where to deliver proactive messages (the private chat with the person). */
    chatId: text('chat_id').notNull(),
    displayName: text('display_name'),
    linkedAt: createdAt(),
    lastInboundAt: ts('last_inbound_at'),
    /** Set when the platform refuses messages to this account (blocked bot, Zalo 7-day window). */
    unreachableSince: ts('unreachable_since'),
    unreachableReason: text('unreachable_reason'),
  },
  (t) => [
    // One row per person the identity is linked to: a person with roles in two jurisdictions
    // (two `people` rows) reaches the bot through one account, and picks the seat (/donvi).
    uniqueIndex('accounts_channel_external_uq').on(t.channel, t.externalId, t.personId),
    index('accounts_identity_idx').on(t.channel, t.externalId),
    index('accounts_person_idx').on(t.personId),
  ],
);

export const invites = pgTable(
  'invites',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    /** sha256 of the code: a database leak does not hand out valid codes. */
    codeHash: text('code_hash').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
    /** Set when the invite links another account to an existing person. */
    personId: integer('person_id').references(() => people.id),
    fullName: text('full_name'),
    createdBy: integer('created_by').references(() => people.id),
    createdAt: createdAt(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    usedByAccountId: integer('used_by_account_id'),
  },
  (t) => [uniqueIndex('invites_code_hash_uq').on(t.codeHash)],
);

/** Failed redemptions per platform identity, for the brute-force lock-out. */
export const inviteFailures = pgTable(
  'invite_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('invite_failures_account_idx').on(t.channel, t.externalId, t.at)],
);

/** A plan or movement (the seed plan is one) whose sections can be browsed. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    issuer: text('issuer'),
    issuedOn: text('issued_on'),
    summary: text('summary'),
    note: text('note'),
    uncertain: boolean('uncertain').notNull().default(false),
    active: boolean('active').notNull().default(true),
    ord: integer('ord').notNull().default(0),
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('campaigns_code_uq').on(t.jurisdictionId, t.code)],
);

export const sections = pgTable(
  'sections',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    parentCode: text('parent_code'),
    ord: integer('ord').notNull().default(0),
    title: text('title').notNull(),
    /** Bullet points of the section, in order. */
    items: jsonb('items').$type<string[]>().notNull().default([]),
    note: text('note'),
    uncertain: boolean('uncertain').notNull().default(false),
    searchText: text('search_text').notNull().default(''),
    /** Other names people use for the section (abbreviations, short names), from the data file. */
    synonyms: jsonb('synonyms').$type<string[]>().notNull().default([]),
  },
  (t) => [uniqueIndex('sections_campaign_code_uq').on(t.campaignId, t.code)],
);

/** Emulation titles (danh hiệu) and award forms (hình thức khen thưởng). */
export const titles = pgTable(
  'titles',
  {
    id: serial('id').primaryKey(),
    /** The jurisdiction of a local award form; null for national content. */
    jurisdictionId: integer('jurisdiction_id').references(() => jurisdictions.id),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    appliesTo: text('applies_to').notNull(),
    level: text('level'),
    criteria: jsonb('criteria').$type<string[]>().notNull().default([]),
    notes: jsonb('notes').$type<string[]>().notNull().default([]),
    legalBasis: text('legal_basis'),
    source: text('source'),
    uncertain: boolean('uncertain').notNull().default(false),
    historical: boolean('historical').notNull().default(false),
    ord: integer('ord').notNull().default(0),
    searchText: text('search_text').notNull().default(''),
    /** The national rule set (data/national/) this row came from; null for a jurisdiction's own title. */
    rulesVersion: text('rules_version'),
    /** Abbreviations and other names ("LĐTT", "CSTĐCS"), from the data file. */
    synonyms: jsonb('synonyms').$type<string[]>().notNull().default([]),
  },
  (t) => [
    // National titles (no jurisdiction) have codes unique in the store; a jurisdiction's own
    // award forms (a commune chairman's Giấy khen) are unique within it.
    uniqueIndex('titles_code_uq')
      .on(t.code)
      .where(sql`${t.jurisdictionId} is null`),
    uniqueIndex('titles_local_code_uq')
      .on(t.jurisdictionId, t.code)
      .where(sql`${t.jurisdictionId} is not null`),
  ],
);

/** Numeric rules such as the cap of grassroots emulation fighters relative to advanced workers. */
export const ruleParams = pgTable(
  'rule_params',
  {
    jurisdictionId: jurisdictionId(),
    code: text('code').notNull(),
    value: doublePrecision('value'),
    label: text('label').notNull(),
    source: text('source'),
    uncertain: boolean('uncertain').notNull().default(false),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.code] })],
);

export const reportTemplates = pgTable(
  'report_templates',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    items: jsonb('items').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('report_templates_code_uq').on(t.jurisdictionId, t.code)],
);

export const deadlines = pgTable(
  'deadlines',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    code: text('code').notNull(),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    dueAt: ts('due_at').notNull(),
    /** Which units must act: {all:true} | {unitKinds:[...]} | {units:[codes]}. */
    audience: jsonb('audience').notNull(),
    templateCode: text('template_code'),
    /** Per-deadline override of the reminder policy; null uses the defaults. */
    reminderPolicy: jsonb('reminder_policy'),
    status: text('status').notNull().default('open'),
    uncertain: boolean('uncertain').notNull().default(false),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deadlines_code_uq').on(t.jurisdictionId, t.code),
    index('deadlines_status_due_idx').on(t.status, t.dueAt),
  ],
);

/** One chat's position in a flow. Keyed per (channel, chat, account) so groups keep one per user. */
export const conversationState = pgTable(
  'conversation_state',
  {
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    accountId: text('account_id').notNull(),
    flow: text('flow'),
    step: text('step'),
    data: jsonb('data').notNull().default({}),
    /** Button tokens of the last message, for channels that show buttons as numbered choices. */
    choices: jsonb('choices').$type<Array<{ token: string; label: string }>>().notNull().default([]),
    /** Whether the last prompt expects free text, so a bare number is an answer, not a choice. */
    expectsText: boolean('expects_text').notNull().default(false),
    locale: text('locale'),
    /** The seat the chat acts in ("<person id>:<jurisdiction id>", handlers/actor.ts); null: the first. */
    seat: text('seat'),
    version: integer('version').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatId, t.accountId] })],
);

/** Opaque button tokens: what a press means, checked against the chat it was sent to. */
export const buttonTokens = pgTable(
  'button_tokens',
  {
    token: text('token').primaryKey(),
    channel: text('channel').notNull(),
    chatId: text('chat_id').notNull(),
    action: jsonb('action').notNull(),
    /** The jurisdiction the button was made in: a press acts there (a province reminder opened from a commune seat). */
    jurisdictionId: integer('jurisdiction_id'),
    createdAt: createdAt(),
  },
  (t) => [index('button_tokens_created_idx').on(t.createdAt)],
);

/** Platform update ids already handled, written in the same transaction as their effects. */
export const processedUpdates = pgTable(
  'processed_updates',
  {
    channel: text('channel').notNull(),
    updateId: text('update_id').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.updateId] })],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorPersonId: integer('actor_person_id'),
    actorAccount: text('actor_account'),
    /** The jurisdiction the change belongs to; null for installation-wide rows (national content, secrets). */
    jurisdictionId: integer('jurisdiction_id').references(() => jurisdictions.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    unitId: integer('unit_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_unit_idx').on(t.unitId, t.at),
    index('audit_entity_idx').on(t.entity, t.entityId),
    index('audit_jurisdiction_idx').on(t.jurisdictionId, t.at),
  ],
);

/**
 * A unit's answer to a deadline: a results report or a registration. Answers are saved one by
 * one as the person types them, each with a revision so concurrent editors cannot overwrite
 * each other silently.
 */
export const submissions = pgTable(
  'submissions',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    deadlineId: integer('deadline_id')
      .notNull()
      .references(() => deadlines.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status').notNull().default('draft'),
    answers: jsonb('answers').notNull().default({}),
    version: integer('version').notNull().default(0),
    refNo: text('ref_no'),
    submittedAt: ts('submitted_at'),
    submittedBy: integer('submitted_by'),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: integer('reviewed_by'),
    reviewComment: text('review_comment'),
    /** The office reopened a submission whose deadline has passed. */
    reopened: boolean('reopened').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('submissions_deadline_unit_uq').on(t.deadlineId, t.unitId),
    index('submissions_unit_idx').on(t.unitId),
  ],
);

export const submissionVersions = pgTable(
  'submission_versions',
  {
    id: serial('id').primaryKey(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => submissions.id),
    version: integer('version').notNull(),
    answers: jsonb('answers').notNull(),
    refNo: text('ref_no').notNull(),
    submittedBy: integer('submitted_by'),
    submittedAt: ts('submitted_at').notNull(),
  },
  (t) => [uniqueIndex('submission_versions_uq').on(t.submissionId, t.version)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: serial('id').primaryKey(),
    ownerKind: text('owner_kind').notNull(),
    ownerId: integer('owner_id').notNull(),
    itemCode: text('item_code'),
    channel: text('channel').notNull(),
    fileId: text('file_id').notNull(),
    fileName: text('file_name'),
    mime: text('mime'),
    size: integer('size'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    /** The archived copy in `files`; null until the platform's file could be downloaded. */
    sha256: text('sha256'),
    archivedAt: ts('archived_at'),
    archiveAttempts: integer('archive_attempts').notNull().default(0),
    archiveError: text('archive_error'),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerKind, t.ownerId),
    index('attachments_unarchived_idx').on(t.archivedAt, t.createdAt),
  ],
);

/**
 * Archived attachment bytes, addressed by their SHA-256 (the same scan sent twice is stored
 * once). `data` holds them in the database; with an object store configured it is null and
 * the bytes live under the hash as the object key.
 */
export const files = pgTable('files', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mime: text('mime').notNull(),
  storage: text('storage').notNull(),
  data: bytea('data'),
  createdAt: createdAt(),
});

/** Exemplary people and models (điển hình tiên tiến) reported by units; the office edits or removes them. */
export const exemplars = pgTable(
  'exemplars',
  {
    id: serial('id').primaryKey(),
    jurisdictionId: jurisdictionId(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    name: text('name').notNull(),
    field: text('field').notNull(),
    achievement: text('achievement').notNull(),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
    /** Removed by the office (`/dienhinh`): kept with its photos, skipped by every read; the audit row says who. */
    removedAt: ts('removed_at'),
  },
  (t) => [index('exemplars_unit_idx').on(t.unitId)],
);

/**
 * Every proactive message (reminder, digest, broadcast, notification) is a row here first.
 * The unique key makes planning idempotent; the lease makes delivery survive a killed process.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    personId: integer('person_id').notNull(),
    payload: jsonb('payload').notNull(),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    claimedUntil: ts('claimed_until'),
    claimedBy: text('claimed_by'),
    nextAttemptAt: ts('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    sentChannel: text('sent_channel'),
    broadcastId: integer('broadcast_id'),
    /** The jurisdiction the message speaks for: rendered and its buttons pressed there. */
    jurisdictionId: integer('jurisdiction_id').references(() => jurisdictions.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.key),
    index('outbox_ready_idx').on(t.status, t.dueAt),
    index('outbox_broadcast_idx').on(t.broadcastId),
  ],
);

export const broadcasts = pgTable('broadcasts', {
  id: serial('id').primaryKey(),
  jurisdictionId: jurisdictionId(),
  createdBy: integer('created_by').notNull(),
  text: text('text').notNull(),
  audience: jsonb('audience').notNull(),
  total: integer('total').notNull().default(0),
  reportedAt: ts('reported_at'),
  createdAt: createdAt(),
});

/** OAuth tokens of a channel (the Zalo OA), rotated under a lock with a version counter. */
export const channelTokens = pgTable('channel_tokens', {
  channel: text('channel').primaryKey(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  accessExpiresAt: ts('access_expires_at').notNull(),
  refreshIssuedAt: ts('refresh_issued_at').notNull(),
  version: integer('version').notNull().default(1),
  needsReconsent: boolean('needs_reconsent').notNull().default(false),
  lastError: text('last_error'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Files the bot hands out by link, for channels that cannot carry them (the Zalo Bot API fetches
 * pictures by URL and cannot send documents): a random token, hashed at rest, a short life, and
 * the bytes themselves, so any instance behind the public address can serve any link.
 */
export const downloads = pgTable(
  'downloads',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tokenHash: text('token_hash').notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    data: bytea('data').notNull(),
    /** The chat the link was sent to, for the log and the audit of who received what. */
    chatId: text('chat_id').notNull(),
    expiresAt: ts('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('downloads_token_uq').on(t.tokenHash), index('downloads_expires_idx').on(t.expiresAt)],
);

// --- Commendation: the awards history -----------------------------------------------------
// People, collectives and households that can be commended (not necessarily bot users), their
// past awards, initiatives, yearly ratings and pending flags. Dates of decisions are kept as
// ISO text (YYYY-MM-DD): they are calendar dates in the issuer's time zone, not instants.

export const nominees = pgTable(
  'nominees',
  {
    id: serial('id').primaryKey(),
    code: text('code'),
    /** individual | collective | household */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Folded name (no diacritics, lower case) for matching imported rows. */
    nameKey: text('name_key').notNull(),
    birthYear: integer('birth_year'),
    /** nam | nu, when known. */
    gender: text('gender'),
    position: text('position'),
    /** The unit as written ("Trường Tiểu học xã Bình Lư"). */
    unitName: text('unit_name'),
    unitKey: text('unit_key').notNull().default(''),
    /** The collective nominee that is this nominee's unit, when known. */
    unitNomineeId: integer('unit_nominee_id').references((): AnyPgColumn => nominees.id),
    /** The bot's unit this nominee belongs to (or, for a collective, is). */
    botUnitId: integer('bot_unit_id').references(() => units.id),
    jurisdiction: text('jurisdiction'),
    /** For a collective: the day it was dissolved (the 2025 reorganisation). */
    dissolvedOn: text('dissolved_on'),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('nominees_code_uq').on(t.code),
    index('nominees_match_idx').on(t.kind, t.nameKey, t.unitKey),
    index('nominees_bot_unit_idx').on(t.botUnitId),
  ],
);

/** A collective that took over another (a 2025 merger, a rename): the history carries over. */
export const nomineeLineage = pgTable(
  'nominee_lineage',
  {
    id: serial('id').primaryKey(),
    successorId: integer('successor_id')
      .notNull()
      .references(() => nominees.id),
    predecessorId: integer('predecessor_id')
      .notNull()
      .references(() => nominees.id),
    /** merge | rename */
    kind: text('kind').notNull(),
    effectiveOn: text('effective_on').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('nominee_lineage_uq').on(t.successorId, t.predecessorId),
    index('nominee_lineage_pred_idx').on(t.predecessorId),
  ],
);

/** A past award or title (danh hiệu / hình thức khen thưởng) from a decision. */
export const awardRecords = pgTable(
  'award_records',
  {
    id: serial('id').primaryKey(),
    nomineeId: integer('nominee_id')
      .notNull()
      .references(() => nominees.id),
    year: integer('year').notNull(),
    /** A rule set's title code; null when the written form matched none. */
    titleCode: text('title_code'),
    formName: text('form_name').notNull(),
    formKey: text('form_key').notNull(),
    /** cong_trang | chuyen_de | dot_xuat | cong_hien | doi_ngoai | nien_han */
    type: text('type').notNull().default('cong_trang'),
    decisionNo: text('decision_no').notNull().default(''),
    decisionDate: text('decision_date'),
    issuer: text('issuer'),
    achievementKey: text('achievement_key'),
    /** Where the row came from: "import:<file>", "manual", "decision". */
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('award_records_uq').on(t.nomineeId, t.year, t.formKey, t.decisionNo),
    index('award_records_year_idx').on(t.year),
  ],
);

/** An initiative (sáng kiến) or scientific work, with who recognised it, when and its scope. */
export const initiatives = pgTable(
  'initiatives',
  {
    id: serial('id').primaryKey(),
    nomineeId: integer('nominee_id')
      .notNull()
      .references(() => nominees.id),
    title: text('title').notNull(),
    /** sang_kien | de_tai */
    kind: text('kind').notNull().default('sang_kien'),
    /** co_so | tinh | toan_quoc */
    scope: text('scope').notNull(),
    year: integer('year').notNull(),
    recognisedBy: text('recognised_by'),
    recognisedOn: text('recognised_on'),
    decisionNo: text('decision_no'),
    createdAt: createdAt(),
  },
  (t) => [index('initiatives_nominee_idx').on(t.nomineeId, t.year)],
);

/** A person's yearly rating (xếp loại): htxs = hoàn thành xuất sắc nhiệm vụ. */
export const taskRatings = pgTable(
  'task_ratings',
  {
    nomineeId: integer('nominee_id')
      .notNull()
      .references(() => nominees.id),
    year: integer('year').notNull(),
    rating: text('rating').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.nomineeId, t.year] })],
);

/** Discipline, investigation, inspection or complaint: pending while closed_on is null. */
export const nomineeFlags = pgTable(
  'nominee_flags',
  {
    id: serial('id').primaryKey(),
    nomineeId: integer('nominee_id')
      .notNull()
      .references(() => nominees.id),
    kind: text('kind').notNull(),
    openedOn: text('opened_on').notNull(),
    closedOn: text('closed_on'),
    /** A decided discipline: the end of its period (achievement counts from then). */
    periodEnd: text('period_end'),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('nominee_flags_nominee_idx').on(t.nomineeId)],
);
