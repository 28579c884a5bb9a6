/**
 * A deadline's attachments as one ZIP for the office: a folder per unit, a folder per item,
 * the files under their (sanitised) names, plus `danh-sach.csv` listing every file with its
 * SHA-256 so the office can check a copy later. The answers of each unit's latest submitted
 * version decide which files belong (a file replaced before submitting is not included).
 * Files whose bytes could not be archived yet are listed as missing, not silently dropped.
 * Trade-off: built in memory with STORE (scans and photos are already compressed): simple, and
 * bounded by MAX_FILE_MB × files; the chat refuses ZIPs over 45 MB and points to the CLI.
 */
import { attachmentsByIds, type AttachmentRow } from '../../db/queries/submissions.js';
import type { Db } from '../../db/store.js';
import { safePathSegment, sanitizeDisplayName } from '../files/names.js';
import type { FileVault } from '../files/vault.js';
import type { DeadlineOverview } from './model.js';
import { csvCell } from '../../domain/csv.js';

export interface FilesZip {
  data: Uint8Array;
  files: number;
  units: number;
  /** Files that are part of a submission but have no archived copy (yet). */
  missing: Array<{ unit: string; item: string; name: string }>;
}

const EXT_OF: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

function entryName(a: AttachmentRow, n: number): string {
  const name = sanitizeDisplayName(a.fileName ?? undefined) ?? `tep-${n}`;
  const ext = a.mime ? EXT_OF[a.mime] : undefined;
  const withExt =
    ext && !name.toLowerCase().endsWith(`.${ext}`) && !(ext === 'jpg' && /\.jpe?g$/i.test(name))
      ? `${name}.${ext}`
      : name;
  return safePathSegment(withExt, 100);
}

export async function buildFilesZip(tx: Db, vault: FileVault, o: DeadlineOverview): Promise<FilesZip> {
  const fileItems = o.items.map((item, i) => ({ item, no: i + 1 })).filter(({ item }) => item.type === 'file');
  const wanted = new Map<number, { unit: DeadlineOverview['units'][number]; item: (typeof fileItems)[number] }>();
  for (const unit of o.units) {
    for (const fi of fileItems) {
      const v = unit.answers[fi.item.code];
      if (Array.isArray(v)) for (const id of v) wanted.set(Number(id), { unit, item: fi });
    }
  }
  const rows = await attachmentsByIds(tx, [...wanted.keys()]);
  rows.sort((a, b) => a.id - b.id);
  // Loaded on first use: start-up of every process does not pay for a ZIP library it rarely needs.
  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  const used = new Set<string>();
  const manifest = ['don_vi,ma_don_vi,muc,ten_tep,duong_dan,sha256,kich_thuoc,kenh,thoi_gian'];
  const missing: FilesZip['missing'] = [];
  const unitsWithFiles = new Set<number>();
  let count = 0;
  for (const [n, a] of rows.entries()) {
    const w = wanted.get(a.id)!;
    const bytes = a.sha256 ? await vault.read(tx, a.sha256) : undefined;
    const label = sanitizeDisplayName(a.fileName ?? undefined) ?? `tep-${n + 1}`;
    if (!bytes) {
      missing.push({ unit: w.unit.name, item: w.item.item.label, name: label });
      continue;
    }
    const folder = `${safePathSegment(`${w.unit.code} - ${w.unit.name}`, 80)}/${safePathSegment(`Muc ${w.item.no} - ${w.item.item.label}`, 60)}`;
    let name = `${folder}/${entryName(a, n + 1)}`;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${folder}/${k}-${entryName(a, n + 1)}`;
    used.add(name.toLowerCase());
    zip.file(name, bytes, { date: a.createdAt, binary: true });
    manifest.push(
      [
        w.unit.name,
        w.unit.code,
        `${w.item.no}. ${w.item.item.label}`,
        label,
        name,
        a.sha256,
        bytes.length,
        a.channel,
        a.createdAt.toISOString(),
      ]
        .map((c) => csvCell(c))
        .join(','),
    );
    unitsWithFiles.add(w.unit.unitId);
    count++;
  }
  zip.file('danh-sach.csv', '\ufeff' + manifest.join('\n') + '\n', { date: o.generatedAt });
  const data = await zip.generateAsync({ type: 'uint8array', compression: 'STORE', platform: 'UNIX' });
  return { data, files: count, units: unitsWithFiles.size, missing };
}
