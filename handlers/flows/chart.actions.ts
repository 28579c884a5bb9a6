/** The buttons of `/bieudo` (charts), declared apart because the status screens offer them too. */
import { defineActions, field } from '../actions.js';

export const chartActions = defineActions('chart', {
  entry: {
    /** A page of the deadlines to pick from (with "the whole year" after it). */
    deadline_page: { page: field.page },
    /** Progress of one deadline. */
    deadline: { deadline: field.id },
    /** Submissions over the whole year. */
    year: {},
  },
});
