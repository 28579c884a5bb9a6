/**
 * Exemplary people and models (điển hình tiên tiến) a unit records with `/dienhinh`: the
 * record, its photos and the audit entry are written together, in the caller's transaction.
 */
import type { Db } from '../../db/store.js';
import { attachments, exemplars } from '../../db/schema.js';
import { writeAudit } from '../../db/queries/audit.js';
import { actorLabel, actorPersonId, assertCan, type PersonActor } from '../../domain/authz.js';

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
export async function createExemplar(tx: Db, actor: PersonActor, input: NewExemplar, now: Date): Promise<number> {
  assertCan(actor, 'exemplar.write', actor.unitId);
  const [row] = await tx
    .insert(exemplars)
    .values({
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
    tx,
    {
      actorPersonId: actorPersonId(actor),
      actorAccount: actorLabel(actor),
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
