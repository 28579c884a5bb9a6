/** The buttons of `/chuanop` (who has not submitted), declared apart because the status screens offer them too. */
import { defineActions, field } from '../actions.js';

export const missingActions = defineActions('missing', {
  entry: {
    /** The units of one deadline that have not submitted, with their focal points. */
    deadline: { deadline: field.id },
    /** A page of the deadlines to pick from. */
    deadline_page: { page: field.page },
    /** "Nhắc ngay": an immediate reminder to those units. */
    nudge: { deadline: field.id },
  },
});
