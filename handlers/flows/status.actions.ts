/**
 * The buttons of `/tinhhinh` (status), declared apart from the flow because other modules
 * build them too: the office's morning digest (jobs/messages.ts), the plain-language answers
 * (flows/ask.ts), the review screens.
 */
import { z } from 'zod';
import { defineActions, field } from '../actions.js';

export const statusActions = defineActions('status', {
  entry: {
    /** The whole jurisdiction: every open deadline with its counts, paged. */
    district: { page: field.page.optional() },
    /** One deadline's units, optionally one group of them (a kind or a state), paged. */
    deadline: { deadline: field.id, group: z.string().max(64).optional(), page: field.page.optional() },
    /** One unit's submission for one deadline. */
    unit: { deadline: field.id, unit: field.id },
  },
});
