/**
 * Announcements (`/thongbao`): the broadcast row, one outbox item per recipient and the audit
 * entry, written in the caller's transaction so an announcement is queued whole or not at all.
 * Who receives it is the flow's choice (its audience picker); this only records and queues.
 */
import { broadcasts } from '../../db/schema.js';
import type { Scoped } from '../../db/scope.js';
import { writeAudit } from '../../db/queries/audit.js';
import { enqueue } from '../../db/queries/outbox.js';
import { actorLabel, actorPersonId, assertCan, Forbidden, type Actor } from '../../domain/authz.js';
import type { BroadcastPayload } from '../../domain/outbox.js';
import type { Json } from '../types.js';

export interface BroadcastInput {
  text: string;
  /** How the audience was chosen, kept with the broadcast and in the audit log. */
  audience: { mode: string; picked: Json[] };
  /** The people it goes to. */
  personIds: number[];
  now: Date;
}

/** Records an announcement and queues it for every recipient; the broadcast's id. */
export async function queueBroadcast(s: Scoped, actor: Actor, input: BroadcastInput): Promise<number> {
  const { tx } = s;
  assertCan(actor, 'broadcast');
  const creator = actorPersonId(actor);
  if (creator === null) throw new Forbidden(undefined, actor);
  const { text, audience, personIds, now } = input;
  const [b] = await tx
    .insert(broadcasts)
    .values({
      jurisdictionId: s.jurisdictionId,
      createdBy: creator,
      text,
      audience,
      total: personIds.length,
      createdAt: now,
    })
    .returning();
  const id = b!.id;
  const payload: BroadcastPayload = { type: 'broadcast', broadcastId: id, text };
  await enqueue(
    s,
    personIds.map((personId) => ({
      key: `bc:${id}:${personId}`,
      kind: 'broadcast',
      personId,
      payload,
      dueAt: now,
      broadcastId: id,
    })),
    now,
  );
  await writeAudit(
    s,
    {
      actorPersonId: creator,
      actorAccount: actorLabel(actor),
      action: 'broadcast.create',
      entity: 'broadcast',
      entityId: id,
      after: { audience, total: personIds.length },
    },
    now,
  );
  return id;
}
