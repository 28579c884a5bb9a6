import { defineActions, field, type StoredAction } from '../actions.js';
export const reportActions = defineActions('report', { entry: { open: { deadline: field.id } } });
export const registrationActions = defineActions('registration', { entry: { open: { deadline: field.id } } });
export function openFormAction(deadline: { id: number; kind: string }): StoredAction {
  return (deadline.kind === 'registration' ? registrationActions : reportActions).open({ deadline: deadline.id });
}
