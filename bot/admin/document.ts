/**
 * `npm run admin -- document …`: the documents of `/vanban` written to a file, for an office
 * that works from a terminal or a script. Same catalog and same checks as chat; the CLI acts
 * as the system (it runs on the server, where the data already is).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { scoped } from '../../db/scope.js';
import { pickJurisdiction } from './jurisdiction.js';
import type { Store } from '../../db/store.js';
import { getDeadlineByCode } from '../../db/queries/submissions.js';
import type { Actor } from '../../domain/authz.js';
import { appliesTo, DOCUMENT_KINDS, documentKind, makeDocument } from '../../handlers/documents/catalog.js';
import { CliError } from './cli-error.js';

const CLI: Actor = { kind: 'system', name: 'cli' };

const USAGE =
  'Cách dùng: npm run admin -- document <loại> --deadline <mã đợt> --out <tệp.docx>  (npm run admin -- document help: các loại văn bản)';

export async function runDocumentCommand(
  positionals: string[],
  flags: { deadline?: string; out?: string; jurisdiction?: string },
  deps: { store: Store; config: Config; out: (line: string) => void; now: Date },
): Promise<void> {
  const [kindCode] = positionals;
  if (!kindCode || kindCode === 'help') {
    deps.out('Các văn bản lập được:');
    for (const k of DOCUMENT_KINDS)
      deps.out(
        `  ${k.code.padEnd(12)} ${k.name} — cho đợt loại: ${k.deadlineKinds.join(', ')}; cần --deadline <mã đợt>`,
      );
    return;
  }
  const kind = documentKind(kindCode);
  if (!kind)
    throw new CliError(
      `Không có loại văn bản "${kindCode}". Các loại: ${DOCUMENT_KINDS.map((k) => k.code).join(', ')}.`,
    );
  if (!flags.deadline || !flags.out) throw new CliError(USAGE);
  if (!flags.out.toLowerCase().endsWith('.docx'))
    throw new CliError(`Tệp ra phải có đuôi .docx (nhận được "${flags.out}").`);
  const j = await pickJurisdiction(deps.store.db, flags.jurisdiction);
  const deadline = await getDeadlineByCode(scoped(deps.store.db, j.id), flags.deadline);
  if (!deadline) throw new CliError(`Không có đợt mã "${flags.deadline}".`);
  if (!appliesTo(kind, deadline))
    throw new CliError(
      `${kind.name} chỉ lập cho đợt loại ${kind.deadlineKinds.join(', ')}; đợt "${deadline.code}" là ${deadline.kind}.`,
    );
  const made = await deps.store.tx((tx) =>
    makeDocument(scoped(tx, j.id), CLI, kind, { deadline }, { now: deps.now, timezone: deps.config.timezone }),
  );
  if (!made.ok) {
    throw new CliError(
      made.reason === 'no_data'
        ? `Chưa có đơn vị nào nộp "${deadline.title}", chưa lập được văn bản.`
        : `Không lập được văn bản (${made.reason}).`,
    );
  }
  fs.mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
  fs.writeFileSync(flags.out, made.file.data);
  deps.out(
    `Đã ghi ${flags.out}: ${kind.name} — "${made.deadlineTitle}", ${made.submitted}/${made.total} đơn vị đã nộp.`,
  );
}
