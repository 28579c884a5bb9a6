/**
 * `/donvi`: where the person works now, when they hold roles in several places — a school
 * in one commune and a committee in another, or a commune office that also acts for the
 * commune in the province's cycle (handlers/actor.ts). The choice is remembered per chat and
 * takes effect from the next message (the current one was already read as the old seat).
 * Typed (`/donvi 2`) or picked with a button; a button naming a seat the account does not
 * have (forged, or a role since removed) is refused and changes nothing.
 */
import { z } from 'zod';
import { jurisdictionsByIds } from '../../db/queries/jurisdictions.js';
import { assertPerson } from '../../domain/authz.js';
import { shortLabel } from '../../domain/text.js';
import { defineActions } from '../actions.js';
import type { Seat } from '../actor.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { placeName } from '../jurisdiction.js';

export const seatActions = defineActions('seat', {
  entry: { pick: { seat: z.string().regex(/^\d+:\d+$/) } },
});

async function labels(ctx: FlowContext, seats: readonly Seat[]): Promise<Map<string, string>> {
  const names = new Map(
    (
      await jurisdictionsByIds(
        ctx.tx,
        seats.map((s) => s.jurisdictionId),
      )
    ).map((j) => [j.id, placeName(j.name)]),
  );
  return new Map(
    seats.map((s) => {
      const jurisdiction = names.get(s.jurisdictionId) ?? '';
      const label = s.forCommune
        ? ctx.t('seat.label_commune', { unit: s.unitName, jurisdiction })
        : ctx.t('seat.label', { unit: s.unitName, role: ctx.t(`role.${s.role}`), jurisdiction });
      return [s.key, label];
    }),
  );
}

function currentKey(ctx: FlowContext): string | undefined {
  if (ctx.actor.kind !== 'person') return undefined;
  const { personId, jurisdictionId } = ctx.actor;
  return `${personId}:${jurisdictionId}`;
}

async function choose(ctx: FlowContext, key: string): Promise<void> {
  const seat = ctx.seats.find((s) => s.key === key);
  if (!seat) return ctx.reply({ text: ctx.t('seat.unknown') });
  const label = (await labels(ctx, [seat])).get(seat.key)!;
  if (seat.key === currentKey(ctx)) return ctx.reply({ text: ctx.t('seat.same', { label }) });
  ctx.chooseSeat(seat.key);
  ctx.reply({ text: ctx.t('seat.switched', { label }) });
}

export const seatFlow = defineFlow({
  name: 'seat',
  privateOnly: true,
  actions: seatActions,
  steps: {},
  async start(ctx, args) {
    ctx.leave();
    if (ctx.actor.kind !== 'person') return ctx.reply({ text: ctx.t('seat.none') });
    assertPerson(ctx.actor);
    const seats = ctx.seats;
    const names = await labels(ctx, seats);
    const current = currentKey(ctx)!;
    if (args.trim()) {
      const n = Number(args.trim());
      const seat = Number.isInteger(n) && n >= 1 && n <= seats.length ? seats[n - 1] : undefined;
      if (!seat) return ctx.reply({ text: ctx.t('seat.not_found', { arg: shortLabel(args.trim(), 40) }) });
      return choose(ctx, seat.key);
    }
    if (seats.length <= 1) {
      const j = placeName(ctx.jurisdiction?.name ?? '');
      return ctx.reply({
        text: ctx.t('seat.only', { role: ctx.t(`role.${ctx.actor.role}`), unit: ctx.actor.unitName, jurisdiction: j }),
      });
    }
    ctx.reply({
      text: ctx.t('seat.choose', { n: seats.length, current: names.get(current) ?? '' }),
      buttons: seats.map((s) => [
        {
          label: shortLabel(
            s.key === current ? ctx.t('seat.current_mark', { label: names.get(s.key)! }) : names.get(s.key)!,
            64,
          ),
          action: seatActions.pick({ seat: s.key }),
        },
      ]),
    });
  },
  async onAction(ctx, action) {
    return choose(ctx, action.seat);
  },
});
