/**
 * The command list: Vietnamese names in Latin letters with English aliases, the flow each
 * starts, and the permission that makes it appear in help and in Telegram's menu.
 */
import type { Permission } from '../domain/authz.js';
import type { MessageKey } from './i18n/index.js';

export interface CommandInfo {
  vi: string;
  en: string;
  aliases?: string[];
  flow: string;
  /** Shown to people who hold this permission; undefined = everyone. */
  perm?: Permission;
  desc: MessageKey;
  /** Left out of help and menus (start, developer commands). */
  hidden?: boolean;
}

export const COMMANDS: readonly CommandInfo[] = [
  { vi: 'batdau', en: 'start', flow: 'welcome', desc: 'cmd.start', hidden: true },
  { vi: 'trogiup', en: 'help', flow: 'help', desc: 'cmd.help' },
  { vi: 'tieuchi', en: 'criteria', aliases: ['tracuu'], flow: 'criteria', desc: 'cmd.criteria' },
  { vi: 'baocao', en: 'report', flow: 'report', perm: 'report.write', desc: 'cmd.report' },
  { vi: 'dangky', en: 'register', flow: 'registration', perm: 'registration.write', desc: 'cmd.register' },
  { vi: 'dienhinh', en: 'exemplar', flow: 'exemplar', perm: 'exemplar.write', desc: 'cmd.exemplar' },
  { vi: 'hanchot', en: 'deadlines', flow: 'deadlines', perm: 'deadlines.read', desc: 'cmd.deadlines' },
  { vi: 'tinhhinh', en: 'status', flow: 'status', perm: 'status.unit', desc: 'cmd.status' },
  { vi: 'chuanop', en: 'missing', flow: 'missing', perm: 'missing.list', desc: 'cmd.missing' },
  { vi: 'duyet', en: 'review', flow: 'review', perm: 'report.review', desc: 'cmd.review' },
  { vi: 'xuat', en: 'export', flow: 'export', perm: 'export', desc: 'cmd.export' },
  { vi: 'vanban', en: 'documents', flow: 'documents', perm: 'export', desc: 'cmd.documents' },
  { vi: 'bieudo', en: 'chart', flow: 'chart', perm: 'status.district', desc: 'cmd.chart' },
  { vi: 'thongbao', en: 'broadcast', flow: 'broadcast', perm: 'broadcast', desc: 'cmd.broadcast' },
  { vi: 'quanly', en: 'manage', flow: 'manage', perm: 'deadline.manage', desc: 'cmd.manage' },
  { vi: 'moi', en: 'invite', flow: 'invite', perm: 'invite.create', desc: 'cmd.invite' },
  { vi: 'nguoidung', en: 'people', flow: 'people', perm: 'people.manage', desc: 'cmd.people' },
  { vi: 'lichsu', en: 'history', flow: 'history', perm: 'audit.read', desc: 'cmd.history' },
  { vi: 'loigui', en: 'failures', flow: 'failures', perm: 'outbox.read', desc: 'cmd.failures' },
  { vi: 'lienket', en: 'link', flow: 'link', desc: 'cmd.link' },
  { vi: 'ngonngu', en: 'language', flow: 'language', desc: 'cmd.language' },
  { vi: 'donvi', en: 'seat', aliases: ['noilamviec'], flow: 'seat', desc: 'cmd.seat' },
  { vi: 'huy', en: 'cancel', flow: 'cancel', desc: 'cmd.cancel' },
];

/** Every name a command answers to. */
export function namesOf(c: CommandInfo): string[] {
  return [c.vi, c.en, ...(c.aliases ?? [])];
}
