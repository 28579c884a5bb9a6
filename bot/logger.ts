/**
 * Structured JSON logs (pino). One root logger per process; each update gets a child
 * logger carrying its channel and update id. Tokens and secrets are redacted by path.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'thidua-bot' },
      redact: {
        paths: [
          'token',
          '*.token',
          'accessToken',
          'refreshToken',
          '*.accessToken',
          '*.refreshToken',
          'secret',
          '*.secret',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination(2),
  );
}

/** A logger that drops everything, for tests and tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
