/**
 * Which failures wait for the database (kept and retried) and which are answered for good,
 * and what the bot process does with an error nobody caught (bot/fault-boundary.ts).
 */
import { describe, expect, it } from 'vitest';
import { createFaultBoundary, EXIT_UNKNOWN_STATE } from '../bot/fault-boundary.js';
import { silentLogger } from '../bot/logger.js';
import { databaseWaitDelayMs } from '../bot/startup.js';
import { isDriverFault, isTransientDbFault, TransientFault } from '../db/faults.js';
import { openTestStore } from './helpers/db.js';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('transient database faults', () => {
  it('connection losses, shutdowns, timeouts and deadlocks wait for the database', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'CONNECTION_CLOSED',
      'CONNECT_TIMEOUT',
      '57P01',
      '57P03',
      '08006',
      '57014',
      '25P03',
      '40001',
      '40P01',
      '53100',
    ]) {
      expect(isTransientDbFault(withCode(code)), code).toBe(true);
    }
  });

  it('a wrapped driver error counts (drizzle puts it in `cause`), and so does an AggregateError of refused addresses', () => {
    expect(isTransientDbFault(new Error('Failed query: select 1', { cause: withCode('ECONNREFUSED') }))).toBe(true);
    expect(isTransientDbFault(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
    expect(isTransientDbFault(new TransientFault('deadline'))).toBe(true);
  });

  it('bugs and bad data are not retried: a unique violation, a syntax error, a TypeError, a refusal', () => {
    for (const err of [
      withCode('23505'),
      withCode('42601'),
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      new Error('no'),
      'text',
      null,
      undefined,
    ]) {
      expect(isTransientDbFault(err)).toBe(false);
    }
  });

  it('a TypeError thrown inside postgres.js is a driver fault; one from our code is not', () => {
    const driver = new TypeError("Cannot read properties of null (reading 'write')");
    driver.stack = `${driver.message}\n    at Immediate.nextWrite (/srv/bot/node_modules/postgres/src/connection.js:255:22)`;
    const ours = new TypeError('boom');
    ours.stack = 'TypeError: boom\n    at route (/srv/bot/handlers/engine.ts:10:3)';
    expect(isDriverFault(driver)).toBe(true);
    expect(isDriverFault(ours)).toBe(false);
  });
});

describe('the fault boundary of the bot process', () => {
  it('survives a driver fault and marks the store unhealthy until a ping succeeds', async () => {
    const store = await openTestStore();
    try {
      const exits: number[] = [];
      const b = createFaultBoundary({ logger: silentLogger(), store: () => store, exit: (c) => void exits.push(c) });
      const err = new TypeError("Cannot read properties of null (reading 'write')");
      err.stack = `${err.message}\n    at nextWrite (/x/node_modules/postgres/src/connection.js:255:22)`;
      b.onUncaught(err);
      expect(exits).toEqual([]);
      expect(b.survived).toBe(1);
      expect(store.health().up).toBe(false);
      expect(store.health().reason).toContain('reading');
      expect(await store.ping(1000)).toBe(true);
      expect(store.health().up).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('exits with 70 on an uncaught exception outside the driver (state unknown), goes on after a stray rejection', () => {
    const exits: number[] = [];
    const b = createFaultBoundary({ logger: silentLogger(), store: () => undefined, exit: (c) => void exits.push(c) });
    b.onRejection(new Error('a forgotten promise'));
    expect(exits).toEqual([]);
    b.onUncaught(new RangeError('bug'));
    expect(exits).toEqual([EXIT_UNKNOWN_STATE]);
    expect(EXIT_UNKNOWN_STATE).toBe(70);
  });
});

describe('waiting for the database at start-up', () => {
  it('backs off 1, 2, 4 … seconds, capped at 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(databaseWaitDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
