/**
 * The English catalog, assembled like the Vietnamese one. Each area is typed against its
 * Vietnamese twin and the whole against the Vietnamese messages, so a key missing here (or one
 * Vietnamese does not have) fails the type check; the labels share the Vietnamese shape.
 */
import type { OfficeLabels } from '../vi/office-labels.js';
import type { messages as viMessages } from '../vi/index.js';
import { common } from './common.js';
import { help } from './help.js';
import { criteria } from './criteria.js';
import { people } from './people.js';
import { report } from './report.js';
import { form } from './form.js';
import { notices } from './notices.js';
import { status } from './status.js';
import { manage } from './manage.js';
import { documents } from './documents.js';
import { ask } from './ask.js';
import { zalo } from './zalo.js';
import { officeLabels } from './office-labels.js';

export const areas = { common, help, criteria, people, report, form, notices, status, manage, documents, ask, zalo };

export const messages: Record<keyof typeof viMessages, string> = {
  ...common,
  ...help,
  ...criteria,
  ...people,
  ...report,
  ...form,
  ...notices,
  ...status,
  ...manage,
  ...documents,
  ...ask,
  ...zalo,
};

export const en: { messages: typeof messages; office: OfficeLabels } = { messages, office: officeLabels };
