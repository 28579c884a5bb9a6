/**
 * The buttons of `/chuanop` (who has not submitted), declared apart because the status screens
 * offer them too. The list and "Nhắc ngay" are entry buttons; the confirmation's two belong
 * to its run, so a replayed or older "Gửi nhắc" is a stale button.
 */
import { defineActions, field } from '../actions.js';

export const missingActions = defineActions('missing', {
  entry: {
    /** The units of one deadline that have not submitted, with their focal points. */
    deadline: { deadline: field.id },
    /** A page of the deadlines to pick from. */
    deadline_page: { page: field.page },
    /** "Nhắc ngay": asks to confirm an immediate reminder to those units (nothing is sent yet). */
    nudge: { deadline: field.id },
  },
  step: {
    /** "Gửi nhắc" on the confirmation: sends the reminders it named, for its deadline only. */
    send: { deadline: field.id, confirmed: field.confirmed },
    /** "Thôi" on the confirmation: nothing is sent, the list again. */
    drop: {},
  },
});
