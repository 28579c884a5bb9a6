/**
 * The buttons of the plain-language fallback (flows/ask.ts), declared apart from the flow
 * because other modules build them too: "Quay lại" on an empty list reopens a command
 * (flows/way-back.ts), and ask.ts imports the flows it answers with, so they cannot import it.
 */
import { z } from 'zod';
import { defineActions, field } from '../actions.js';

export const askActions = defineActions('ask', {
  entry: {
    /** Runs a command (its flow's name), with the arguments the question named. */
    cmd: { flow: field.code, args: z.string().max(500).optional() },
    /** One of the units an ambiguous question could mean, with the deadline it named. */
    unit: { unit: field.id, deadline: field.id.optional() },
  },
});
