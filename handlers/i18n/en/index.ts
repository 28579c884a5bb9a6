/**
 * The English catalog, assembled like the Vietnamese one. Each area is typed against its
 * Vietnamese twin (in its own file and again here), so a key missing here, or one Vietnamese
 * does not have, or a missing area fails the type check; the labels share the Vietnamese shape.
 */
import type { OfficeLabels } from '../vi/office-labels.js';
import type { areas as viAreas } from '../vi/index.js';
import { assemble } from '../assemble.js';
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
import { jurisdictions } from './jurisdictions.js';
import { officeLabels } from './office-labels.js';

/** Each area has exactly the keys of its Vietnamese twin. */
export const areas: { [A in keyof typeof viAreas]: Record<keyof (typeof viAreas)[A], string> } = {
  common,
  help,
  criteria,
  people,
  report,
  form,
  notices,
  status,
  manage,
  documents,
  ask,
  zalo,
  jurisdictions,
};

export const messages = assemble(areas);

export const en: { messages: typeof messages; office: OfficeLabels } = { messages, office: officeLabels };
