/**
 * Exemplary people and models (điển hình tiên tiến) a unit records with `/dienhinh`, and the
 * office's corrections: each write and its audit entry go together, in the caller's transaction.
 *
 * Removal is a soft delete (`removed_at`): the row and its photos stay, every read skips it, and
 * the audit row keeps the whole record. A hard delete would have to drop the photos' attachment
 * rows too, and the hourly housekeeping then deletes their archived bytes a day later
 * (`pruneOrphanFiles`): an office's mistaken removal could not be undone.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Scoped } from '../../db/scope.js';
import { attachments, exemplars } from '../../db/schema.js';
import { writeAudit } from '../../db/queries/audit.js';
import { type Actor, assertCan, auditedBy, type PersonActor } from '../../domain/authz.js';

/** A photo as it arrived in the chat (archived on arrival when `sha256` is known). */
export interface ExemplarPhoto {
  fileId: string;
  name: string | null;
  mime: string | null;
  size: number | null;
  sha256?: string | null | undefined;
}

export interface NewExemplar {
  name: string;
  field: string;
  achievement: string;
  photos: readonly ExemplarPhoto[];
  /** The channel the photos came from (their file ids belong to it). */
  channel: string;
}

/** Records an exemplar of the actor's unit with its photos; returns its id. */
export async function createExemplar(s: Scoped, actor: PersonActor, input: NewExemplar, now: Date): Promise<number> {
  const { tx } = s;
  assertCan(actor, 'exemplar.write', actor.unitId);
  const [row] = await tx
    .insert(exemplars)
    .values({
      jurisdictionId: s.jurisdictionId,
      unitId: actor.unitId,
      name: input.name,
      field: input.field,
      achievement: input.achievement,
      createdBy: actor.personId,
      createdAt: now,
    })
    .returning({ id: exemplars.id });
  const id = row!.id;
  if (input.photos.length) {
    await tx.insert(attachments).values(
      input.photos.map((p) => ({
        ownerKind: 'exemplar',
        ownerId: id,
        channel: input.channel,
        fileId: p.fileId,
        fileName: p.name,
        mime: p.mime,
        size: p.size,
        createdBy: actor.personId,
        createdAt: now,
        sha256: p.sha256 ?? null,
        archivedAt: p.sha256 ? now : null,
      })),
    );
  }
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'exemplar.create',
      entity: 'exemplar',
      entityId: id,
      unitId: actor.unitId,
      after: { name: input.name, field: input.field, photos: input.photos.length },
    },
    now,
  );
  return id;
}

/** The answers the office may correct. */
export type ExemplarField = 'name' | 'field' | 'achievement';

/** The row as it stands (not removed), or undefined. */
async function current(s: Scoped, id: number) {
  const { tx } = s;
  const [row] = await tx
    .select()
    .from(exemplars)
    .where(and(eq(exemplars.jurisdictionId, s.jurisdictionId), eq(exemplars.id, id), isNull(exemplars.removedAt)));
  return row;
}

/**
 * The office corrects one answer of any unit's exemplar; returns false when it is gone (removed
 * meanwhile). The audit row keeps the value before and after.
 */
export async function updateExemplar(
  s: Scoped,
  actor: Actor,
  input: { id: number; field: ExemplarField; value: string },
  now: Date,
): Promise<boolean> {
  const { tx } = s;
  const row = await current(s, input.id);
  if (!row) return false;
  assertCan(actor, 'exemplar.manage', row.unitId);
  if (row[input.field] === input.value) return true;
  await tx
    .update(exemplars)
    .set({ [input.field]: input.value })
    .where(and(eq(exemplars.jurisdictionId, s.jurisdictionId), eq(exemplars.id, row.id)));
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'exemplar.update',
      entity: 'exemplar',
      entityId: row.id,
      unitId: row.unitId,
      before: { [input.field]: row[input.field] },
      after: { [input.field]: input.value },
    },
    now,
  );
  return true;
}

/**
 * The office removes any unit's exemplar (soft: `removed_at`); returns false when it was already
 * gone. The audit row keeps the whole record and its photos' references.
 */
export async function removeExemplar(s: Scoped, actor: Actor, id: number, now: Date): Promise<boolean> {
  const { tx } = s;
  const row = await current(s, id);
  if (!row) return false;
  assertCan(actor, 'exemplar.manage', row.unitId);
  const photos = await tx
    .select({ fileId: attachments.fileId, name: attachments.fileName, sha256: attachments.sha256 })
    .from(attachments)
    .where(and(eq(attachments.ownerKind, 'exemplar'), eq(attachments.ownerId, id)));
  await tx
    .update(exemplars)
    .set({ removedAt: now })
    .where(and(eq(exemplars.jurisdictionId, s.jurisdictionId), eq(exemplars.id, id)));
  await writeAudit(
    s,
    {
      ...auditedBy(actor),
      action: 'exemplar.remove',
      entity: 'exemplar',
      entityId: id,
      unitId: row.unitId,
      before: { ...row, createdAt: row.createdAt.toISOString(), removedAt: null, photos },
      after: { removedAt: now.toISOString() },
    },
    now,
  );
  return true;
}
