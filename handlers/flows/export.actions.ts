/** The buttons of `/xuat` (export), declared apart because the status screens offer them too. */
import { z } from 'zod';
import { defineActions, field } from '../actions.js';

export const exportActions = defineActions('export', {
  entry: {
    /** A page of the deadlines to pick from. */
    deadline_page: { page: field.page },
    /** The formats offered for one deadline. */
    deadline: { deadline: field.id },
    /** The file itself. */
    send: { deadline: field.id, fmt: z.enum(['xlsx', 'csv', 'zip']) },
  },
});
