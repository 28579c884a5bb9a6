/**
 * What an outbox row carries: the one union of payloads. Rows wait in the database for
 * minutes to days and are rendered at send time in the recipient's language with fresh data
 * (jobs/messages.ts), so a payload holds ids and catalog keys, never finished text — except a
 * broadcast, whose text the office wrote.
 */
import type { Json } from './json.js';

/** The catalog keys a notice may use (each must exist in handlers/i18n: the renderer's type says so). */
export type NoticeKey =
  | 'notice.submitted'
  | 'notice.submitted_late'
  | 'notice.resubmitted'
  | 'notice.resubmitted_late'
  | 'notice.accepted'
  | 'notice.returned'
  | 'notice.reopened';

export interface NoticePayload {
  type: 'notice';
  msg: NoticeKey;
  vars: Record<string, string | number>;
  /** A button that opens something: an action any recipient may press (validated on press). */
  open?: { f: string; op: string; [k: string]: Json | undefined };
}

/** A deadline reminder for one unit's people; `offset` names the planner's slot ("-3d", "d0", "o1"). */
export interface ReminderPayload {
  type: 'reminder';
  deadlineId: number;
  unitId: number;
  offset: string;
  overdue: boolean;
  escalation: boolean;
}

/** The payload of a planned reminder (domain/reminders/planner.ts), as the outbox stores it. */
export function reminderPayload(r: Omit<ReminderPayload, 'type'>): ReminderPayload {
  return {
    type: 'reminder',
    deadlineId: r.deadlineId,
    unitId: r.unitId,
    offset: r.offset,
    overdue: r.overdue,
    escalation: r.escalation,
  };
}

/** The office's morning digest for one local date. */
export interface DigestPayload {
  type: 'digest';
  date: string;
}

export interface BroadcastPayload {
  type: 'broadcast';
  broadcastId: number;
  text: string;
}

export type OutboxPayload = NoticePayload | ReminderPayload | DigestPayload | BroadcastPayload;

/** Why a row was given up, as the office reads it in `/loigui` (stored as codes, translated there). */
export const NO_ACCOUNT = 'no-account';
export const ALL_UNREACHABLE = 'unreachable';
