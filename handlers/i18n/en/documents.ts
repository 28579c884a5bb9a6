/** English, files the bot produces, as chat messages: Word documents, XLSX/CSV/ZIP exports, charts. */
import type { documents as vi } from '../vi/documents.js';

export const documents: Record<keyof typeof vi, string> = {
  'documents.pick_kind': 'Pick the document to prepare:',
  'documents.pick_deadline': '{document}. Pick a round',
  'documents.unknown_kind': 'I have no document "{arg}". Documents I can prepare: {kinds}. Pick below:',
  'documents.unknown_deadline': 'I found no round "{arg}". Please pick one from the list:',
  'documents.done':
    '{document} — "{title}": {submitted}/{total} units submitted. A Word file to review, sign and stamp.',
  'documents.no_data':
    'No unit has submitted "{title}" yet, so the {document} cannot be prepared. Type /chuanop to remind the units.',
  'documents.wrong_kind': 'The {document} is prepared for review or report rounds only; "{title}" is not one.',
  'documents.not_found': 'This round no longer exists. Type /vanban to pick again.',
  'documents.no_documents':
    'This channel cannot send files. Use Telegram, Zalo OA, or the command: npm run admin -- document {kind} --deadline {deadline} --out document.docx',

  'export.pick_deadline': 'Export a summary. Pick a round',
  'export.pick_format': 'Pick a format:',
  'export.xlsx': 'Excel (.xlsx)',
  'export.csv': 'CSV',
  'export.done': 'Summary of "{title}": {submitted}/{total} units submitted.',
  'export.zip': 'Attachments (.zip)',
  'export.zip_done':
    'Attachments of "{title}": {files} files from {units} units (with danh-sach.csv listing the SHA-256 of every file).',
  'export.zip_none': '"{title}" has no attachments in submitted reports yet.',
  'export.zip_missing':
    '⚠️ {count} files have no archived copy yet (the platform did not hand them out; the bot will retry): {list}',
  'export.zip_too_big':
    'The ZIP is {size} MB, too large to send in a chat. Use the command: npm run admin -- files {code} --out attachments.zip',
  'export.no_documents':
    'This channel cannot send files. Use Telegram, Zalo OA, or the command: npm run admin -- export <round code> --out file.xlsx',

  'chart.pick': 'Progress chart. Pick a round',
  'chart.or_year': 'Or see submissions over the year:',
  'chart.year': 'Whole year',
  'chart.caption': '{title}: {submitted}/{total} units submitted, {overdue} overdue.',
  'chart.year_title': 'Reports submitted in {year}',
  'chart.year_caption': 'Year {year}: {count} first submissions.',
};
