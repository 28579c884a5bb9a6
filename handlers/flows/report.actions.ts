/**
 * The buttons of `/baocao` (reports) and `/dangky` (registrations), declared apart from the
 * flows because other modules build them too: the office's status screens and a review's
 * notice to the unit (services/submissions.ts) open a unit's form for one deadline.
 *
 * Trade-off: both forms share one list of operations (they are the same guided form), so the
 * two action sets differ only by their flow name; `openFormAction` picks the set by the
 * deadline's kind so a caller never names the flow itself.
 */
import { z } from 'zod';
import { defineActions, field, type StoredAction } from '../actions.js';

export type FormName = 'report' | 'registration';

const FORM_OPS = {
  entry: {
    /** Opens the unit's form for one deadline (resumes at the first unanswered item). */
    open: { deadline: field.id },
  },
  step: {
    /** A yes/no item's answer (`value`) or a choice item's option by its index (`choice`). */
    answer: { value: z.boolean().optional(), choice: z.number().int().min(0).max(999).optional() },
    skip: {},
    /** Keeps the saved answer and moves on. */
    keep: {},
    back: {},
    /** No more files for a file item. */
    files_done: {},
    /** A bare small number would replace a saved answer: keep the saved one, or replace it. */
    keep_value: {},
    replace_value: {},
    /** The summary: submit, the list of items to edit, one item to edit, keep the draft. */
    submit: {},
    edit_menu: {},
    edit: { idx: z.number().int().min(0).max(999) },
    save_draft: {},
  },
};

function formActions<N extends FormName>(name: N) {
  return defineActions(name, FORM_OPS);
}

export const reportActions = formActions('report');
export const registrationActions = formActions('registration');

/** Either form's action set. */
export type FormActions = ReturnType<typeof formActions<FormName>>;

/** The form a deadline of this kind is filled in with. */
export function formActionsOf(kind: string): FormActions {
  return kind === 'registration' ? registrationActions : reportActions;
}

/** The button that opens a unit's form for `deadline` (report or registration, by its kind). */
export function openFormAction(deadline: { id: number; kind: string }): StoredAction {
  return formActionsOf(deadline.kind).open({ deadline: deadline.id });
}
