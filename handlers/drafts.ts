/**
 * What leaving a flow costs. Reports and registrations save every answer as it is given, so
 * leaving keeps a draft that the same command resumes; every other flow holds what the person
 * typed only in the conversation state, so leaving discards it. "/huy" says which of the two
 * happened, and a command typed in the middle of a flow that would discard input is asked to be
 * typed again first. Trade-off: a flow's state counts as input as soon as it holds anything
 * besides its run id, which also warns for a pick the person could redo in one step.
 */
import type { FlowState } from './flow.js';

/** Flows whose answers are saved as they are given, and the command that resumes them. */
const DRAFT_FLOWS: Record<string, string> = { report: '/baocao', registration: '/dangky' };

/** Marks the command the person was warned about; typed again, it goes ahead. */
export const PENDING_COMMAND = '__pendingCommand';

export function draftCommand(flow: string | null): string | undefined {
  return flow ? DRAFT_FLOWS[flow] : undefined;
}

/** Whether leaving the current flow would discard something the person gave. */
export function hasUnsavedInput(state: Readonly<FlowState>): boolean {
  if (!state.flow || draftCommand(state.flow)) return false;
  return Object.keys(state.data).some((k) => k !== 'iid' && k !== PENDING_COMMAND);
}

/** The state without the warning marker, to tell whether an update changed anything. */
export function withoutMarker(data: FlowState['data']): FlowState['data'] {
  if (!(PENDING_COMMAND in data)) return data;
  const { [PENDING_COMMAND]: _ignored, ...rest } = data;
  return rest;
}
