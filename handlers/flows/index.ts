/** Every installed flow. The engine routes commands to them through handlers/commands.ts. */
import type { Flow } from '../flow.js';
import { cancelFlow, helpFlow, languageFlow, linkFlow, welcomeFlow } from './core.js';
import { criteriaFlow } from './criteria.js';
import { historyFlow, inviteFlow, peopleFlow } from './people.js';
import { registrationFlow, reportFlow } from './report.js';

export const FLOWS: readonly Flow[] = [welcomeFlow, helpFlow, cancelFlow, languageFlow, linkFlow, criteriaFlow, inviteFlow, peopleFlow, historyFlow, reportFlow, registrationFlow];

export const CANCEL_FLOW = cancelFlow.name;
export const FALLBACK_FLOW = welcomeFlow.name;
