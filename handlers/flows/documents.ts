/**
 * `/vanban` (`/documents`): the office asks for a document of the cycle and gets the file.
 * Pick the document, then what it is for (a deadline); or name both at once:
 * `/vanban tong-hop so-ket-2026`. Channels that cannot carry a file get the CLI command
 * instead (the Zalo Bot gets a short-lived link, in its adapter).
 */
import { getDeadline, type DeadlineRow } from '../../db/queries/submissions.js';
import { assertCan } from '../../domain/authz.js';
import { appliesTo, DOCUMENT_KINDS, documentKind, makeDocument, type DocumentKind } from '../documents/catalog.js';
import type { Flow, FlowContext } from '../flow.js';
import { findDeadlineArg, replyDeadlinePicker } from '../pickers.js';
import { foldVi } from '../../domain/text.js';

const F = 'documents';

export const documentsFlow: Flow = {
  name: F,
  privateOnly: true,
  async start(ctx, args) {
    assertCan(ctx.actor, 'export');
    ctx.leave();
    const words = args.split(/\s+/).filter(Boolean);
    if (words.length === 0) return pickKind(ctx);
    const kind = DOCUMENT_KINDS.find((k) => foldVi(k.code) === foldVi(words[0]!));
    if (!kind)
      return ctx.reply({
        text: ctx.t('documents.unknown_kind', { arg: words[0]!, kinds: kindList() }),
        buttons: kindButtons(),
      });
    if (words.length === 1) return pickDeadline(ctx, kind);
    const deadline = await findDeadlineArg(ctx, words.slice(1).join(' '));
    if (!deadline) {
      ctx.reply({ text: ctx.t('documents.unknown_deadline', { arg: words.slice(1).join(' ') }) });
      return pickDeadline(ctx, kind);
    }
    return send(ctx, kind, deadline);
  },
  async onAction(ctx, a) {
    assertCan(ctx.actor, 'export');
    const kind = documentKind(String(a.kind ?? ''));
    if (!kind) return ctx.reply({ text: ctx.t('common.stale_button') });
    if (a.op === 'kind') return pickDeadline(ctx, kind);
    if (a.op === 'make') {
      const deadline = await getDeadline(ctx.tx, Number(a.deadline));
      if (!deadline) return ctx.reply({ text: ctx.t('common.stale_button') });
      return send(ctx, kind, deadline);
    }
    ctx.reply({ text: ctx.t('common.stale_button') });
  },
};

function kindList(): string {
  return DOCUMENT_KINDS.map((k) => `${k.code} (${k.name})`).join(', ');
}

function kindButtons() {
  return DOCUMENT_KINDS.map((k) => [{ label: k.name, action: { f: F, op: 'kind', kind: k.code } }]);
}

function pickKind(ctx: FlowContext): void {
  ctx.reply({ text: ctx.t('documents.pick_kind'), buttons: kindButtons() });
}

async function pickDeadline(ctx: FlowContext, kind: DocumentKind): Promise<void> {
  await replyDeadlinePicker(ctx, {
    flow: F,
    op: 'make',
    text: ctx.t('documents.pick_deadline', { document: kind.name }),
    includeClosed: true,
    filter: (d) => appliesTo(kind, d),
    extra: { kind: kind.code },
  });
}

async function send(ctx: FlowContext, kind: DocumentKind, deadline: DeadlineRow): Promise<void> {
  if (!ctx.caps.documents)
    return ctx.reply({ text: ctx.t('documents.no_documents', { kind: kind.code, deadline: deadline.code }) });
  const made = await makeDocument(
    ctx.tx,
    ctx.actor,
    kind,
    { deadline },
    { now: ctx.now, timezone: ctx.settings.timezone },
  );
  if (!made.ok)
    return ctx.reply({ text: ctx.t(`documents.${made.reason}`, { document: kind.name, title: deadline.title }) });
  ctx.reply({
    text: ctx.t('documents.done', {
      document: kind.name,
      title: made.deadlineTitle,
      submitted: made.submitted,
      total: made.total,
    }),
    document: made.file,
  });
}
