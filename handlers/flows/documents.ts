/**
 * `/vanban` (`/documents`): the office asks for a document of the cycle and gets the file.
 * Pick the document, then what it is for (a deadline); or name both at once:
 * `/vanban tong-hop so-ket-2026`. Channels that cannot carry a file get the CLI command
 * instead (the Zalo Bot gets a short-lived link, in its adapter).
 *
 * Trade-off: no state; both buttons are entry actions carrying the kind (and the deadline), so
 * a list shown earlier still works, at the cost of the kind being checked again on each press.
 */
import { getDeadline, type DeadlineRow } from '../../db/queries/submissions.js';
import { assertCan } from '../../domain/authz.js';
import { defineActions, field } from '../actions.js';
import { appliesTo, DOCUMENT_KINDS, documentKind, makeDocument, type DocumentKind } from '../documents/catalog.js';
import { defineFlow, type FlowContext } from '../flow.js';
import { findDeadlineArg, pickDeadline } from '../pickers.js';
import { wayBack } from './way-back.js';
import { foldVi } from '../../domain/text.js';

const F = 'documents';

export const documentsActions = defineActions(F, {
  entry: {
    /** A document kind picked: its deadlines follow. */
    kind: { kind: field.code },
    /** A page of the deadlines of `kind` to pick from. */
    deadline_page: { kind: field.code, page: field.page },
    /** Makes the document of `kind` for `deadline` and sends it. */
    make: { kind: field.code, deadline: field.id },
  },
});

export const documentsFlow = defineFlow({
  name: F,
  privateOnly: true,
  actions: documentsActions,
  steps: {},
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
    if (words.length === 1) return chooseDeadline(ctx, kind);
    const deadline = await findDeadlineArg(ctx, words.slice(1).join(' '));
    if (!deadline) {
      ctx.reply({ text: ctx.t('documents.unknown_deadline', { arg: words.slice(1).join(' ') }) });
      return chooseDeadline(ctx, kind);
    }
    return send(ctx, kind, deadline);
  },
  async onAction(ctx, action) {
    assertCan(ctx.actor, 'export');
    const kind = documentKind(action.kind);
    if (!kind) return ctx.reply({ text: ctx.t('common.stale_button') });
    switch (action.op) {
      case 'kind':
        return chooseDeadline(ctx, kind);
      case 'deadline_page':
        return chooseDeadline(ctx, kind, action.page, true);
      case 'make': {
        const deadline = await getDeadline(ctx.scope, action.deadline);
        if (!deadline) return ctx.reply({ text: ctx.t('common.stale_button') });
        return send(ctx, kind, deadline);
      }
    }
  },
});

function kindList(): string {
  return DOCUMENT_KINDS.map((k) => `${k.code} (${k.name})`).join(', ');
}

function kindButtons() {
  return DOCUMENT_KINDS.map((k) => [{ label: k.name, action: documentsActions.kind({ kind: k.code }) }]);
}

function pickKind(ctx: FlowContext): void {
  ctx.reply({ text: ctx.t('documents.pick_kind'), buttons: kindButtons() });
}

/** The deadlines (closed ones too) the document applies to, paged; a page turned to replaces the list where the channel can. */
async function chooseDeadline(ctx: FlowContext, kind: DocumentKind, at = 0, replace?: true): Promise<void> {
  await pickDeadline(ctx, {
    pick: (deadline) => documentsActions.make({ kind: kind.code, deadline }),
    page: (page) => documentsActions.deadline_page({ kind: kind.code, page }),
    at,
    text: ctx.t('documents.pick_deadline', { document: kind.name }),
    includeClosed: true,
    filter: (d) => appliesTo(kind, d),
    back: 'documents',
    replace,
  });
}

async function send(ctx: FlowContext, kind: DocumentKind, deadline: DeadlineRow): Promise<void> {
  if (!ctx.caps.documents)
    return ctx.reply({ text: ctx.t('documents.no_documents', { kind: kind.code, deadline: deadline.code }) });
  const made = await makeDocument(
    ctx.scope,
    ctx.actor,
    kind,
    { deadline },
    { now: ctx.now, timezone: ctx.settings.timezone },
  );
  if (!made.ok)
    return ctx.reply({
      text: ctx.t(`documents.${made.reason}`, { document: kind.name, title: deadline.title }),
      buttons: wayBack(ctx, documentsActions.kind({ kind: kind.code })),
    });
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
