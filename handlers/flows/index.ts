/** Every installed flow. The engine routes commands to them through handlers/commands.ts. */
import type { Flow } from '../flow.js';
import { createAskFlow } from './ask.js';
import { cancelFlow } from './cancel.js';
import { helpFlow } from './help.js';
import { languageFlow } from './language.js';
import { seatFlow } from './seat.js';
import { linkFlow } from './link.js';
import { welcomeFlow } from './welcome.js';
import { criteriaFlow } from './criteria.js';
import { documentsFlow } from './documents.js';
import { exemplarFlow } from './exemplar.js';
import { manageFlows } from './manage.js';
import { createDeadlinesFlow } from './deadlines.js';
import { failuresFlow } from './failures.js';
import { missingFlow } from './missing.js';
import { reviewFlow } from './review.js';
import { statusFlow } from './status.js';
import { historyFlow } from './history.js';
import { inviteFlow } from './invite.js';
import { peopleFlow } from './people.js';
import { registrationFlow, reportFlow } from './report.js';
import { broadcastFlow } from './broadcast.js';
import { chartFlow } from './chart.js';
import { exportFlow } from './export.js';

export interface FlowOptions {
  /** The office's working days and sending window, for showing upcoming reminders. */
  calendar: { workingDays: number[]; windowStart: string; windowEnd: string };
}

export function createFlows(opts: FlowOptions): readonly Flow[] {
  const flows: Flow[] = [
    welcomeFlow,
    helpFlow,
    cancelFlow,
    languageFlow,
    seatFlow,
    linkFlow,
    criteriaFlow,
    inviteFlow,
    peopleFlow,
    historyFlow,
    reportFlow,
    registrationFlow,
    exemplarFlow,
    statusFlow,
    reviewFlow,
    missingFlow,
    createDeadlinesFlow(opts.calendar),
    failuresFlow,
    exportFlow,
    documentsFlow,
    chartFlow,
    broadcastFlow,
    ...manageFlows,
  ];
  // Plain-language questions answer with the commands' own flows, found by name.
  flows.push(createAskFlow((name) => flows.find((f) => f.name === name)));
  return flows;
}

export const CANCEL_FLOW = cancelFlow.name;
/** Settings the flows read through `ctx.setting`: the engine fetches them with each update. */
/** Text no flow waits for: an invite code (welcome) or a plain-language question (ask). */
export const FALLBACK_FLOW = 'ask';

/** The flows with the default working calendar (Monday–Friday, 07:30–17:30), for tests and tools. */
export const FLOWS: readonly Flow[] = createFlows({
  calendar: { workingDays: [1, 2, 3, 4, 5], windowStart: '07:30', windowEnd: '17:30' },
});
