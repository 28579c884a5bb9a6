/**
 * The logger type every layer uses (pino's). The process's root logger is made in
 * bot/logger.ts; engine, jobs and services receive it, they never create one.
 */
export type { Logger } from 'pino';
