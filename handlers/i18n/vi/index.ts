/**
 * The Vietnamese catalog, assembled from one file per area (the key prefixes: common.*, report.*,
 * zalo.* …) plus the office labels. Vietnamese is the reference: its keys and the labels' shape
 * are what the English catalog is typed against.
 */
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
import { assemble } from '../assemble.js';

/** The areas one by one (a key defined in two of them fails at load, see assemble.ts). */
export const areas = {
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

export const vi = { messages, office: officeLabels };
