/**
 * The buttons of `/duyet` (review), declared apart from the flow because other modules build
 * them too: the office's notice of a submission (services/submissions.ts) and the status
 * screens open a unit's submission for review.
 */
import { z } from 'zod';
import { defineActions, field } from '../actions.js';

export const reviewActions = defineActions('review', {
  entry: {
    /** A page of the rounds to review (the deadline picker). */
    deadline_page: { page: field.page },
    /** The submissions of one deadline, paged. */
    deadline: { deadline: field.id, page: field.page.optional() },
    /** One unit's submission of one deadline, with the review buttons. */
    open: { deadline: field.id, unit: field.id },
    /**
     * Accept, return or reopen one submission; `version` is the version the officer saw (a
     * newer one makes the press stale), `confirmed` the second press (handlers/confirm.ts).
     */
    act: {
      sub: field.id,
      act: z.enum(['accept', 'return', 'reopen']),
      version: z.number().int().positive().optional(),
      confirmed: field.confirmed,
    },
  },
});
