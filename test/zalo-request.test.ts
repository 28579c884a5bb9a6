/**
 * The retry decision both Zalo clients share (bot/zalo-common/request.ts): what is sent again,
 * after how long, and when a failed send is flagged as "may have been delivered".
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY } from '../bot/zalo-common/http.js';
import { decideRetry, requestWithRetry, type RetryPolicy, type ZaloCall } from '../bot/zalo-common/request.js';

const retry = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
const send: RetryPolicy = { retry, idempotent: false, rateAttempts: 3 };
const read: RetryPolicy = { retry, idempotent: true, rateAttempts: 3 };
const none = { rate: 0, net: 0 };
const half = () => 0.5;

describe('decideRetry', () => {
  it('does not send a message again after a timeout, and flags it as maybe delivered', () => {
    const d = decideRetry({ kind: 'network', failure: 'timeout' }, none, send, half);
    expect(d).toMatchObject({ retry: false, ambiguous: true });
  });

  it('repeats a read after a timeout, with a growing back-off, up to its attempts', () => {
    const first = decideRetry({ kind: 'network', failure: 'timeout' }, none, read, half);
    expect(first).toMatchObject({ retry: true, delayMs: 75 });
    const second = decideRetry({ kind: 'network', failure: 'timeout' }, first.count, read, half);
    expect(second).toMatchObject({ retry: true, delayMs: 150 });
    const third = decideRetry({ kind: 'network', failure: 'timeout' }, second.count, read, half);
    expect(third).toMatchObject({ retry: false, ambiguous: false });
  });

  it('sends again when the request never reached Zalo (DNS, refused), without the ambiguity flag', () => {
    const first = decideRetry({ kind: 'network', failure: 'not-reached' }, none, send, half);
    expect(first.retry).toBe(true);
    const last = decideRetry({ kind: 'network', failure: 'not-reached' }, { rate: 0, net: 2 }, send, half);
    expect(last).toMatchObject({ retry: false, ambiguous: false });
  });

  it('waits out a rate limit, then reports it with the back-off the caller should use', () => {
    const first = decideRetry({ kind: 'rate' }, none, send, half);
    expect(first).toMatchObject({ retry: true, delayMs: 75 });
    const proactive = decideRetry({ kind: 'rate' }, none, { ...send, rateAttempts: 1 }, half);
    expect(proactive).toMatchObject({ retry: false, ambiguous: false, delayMs: 75 });
  });

  it('repeats a read after a 5xx, but never a send, which may have arrived', () => {
    expect(decideRetry({ kind: 'server' }, none, read, half).retry).toBe(true);
    expect(decideRetry({ kind: 'server' }, none, send, half)).toMatchObject({ retry: false, ambiguous: true });
  });

  it('stops at once when the caller aborted, if the client says so', () => {
    const policy = { ...read, abortIsFinal: true };
    expect(decideRetry({ kind: 'network', failure: 'aborted' }, none, policy, half)).toMatchObject({
      retry: false,
      ambiguous: false,
    });
  });
});

describe('requestWithRetry', () => {
  /** One call against a fake fetch that always gives `response`; counts the requests. */
  function callWith(response: () => Response, call: Pick<ZaloCall<unknown>, 'idempotent' | 'answer'>) {
    let requests = 0;
    const fetchFake = (async () => {
      requests++;
      return response();
    }) as typeof fetch;
    const result = requestWithRetry<unknown>(
      { fetch: fetchFake, retry },
      {
        rateAttempts: 3,
        timeoutMs: 1000,
        prepare: () => ({ url: 'http://zalo.test/x', init: {} }),
        networkError: () => new Error('network'),
        ...call,
      },
    );
    return { result, requests: () => requests };
  }

  it('keeps a long id in the answer as an exact string', async () => {
    const { result } = callWith(() => new Response('{"id": 2468458835296117922}'), {
      idempotent: true,
      answer: (_res, body) => ({ kind: 'done', value: body }),
    });
    expect(await result).toEqual({ id: '2468458835296117922' });
  });

  it('tries a send once after a 5xx and throws the client error flagged as maybe delivered', async () => {
    const { result, requests } = callWith(() => new Response('', { status: 502 }), {
      idempotent: false,
      answer: () => ({ kind: 'server', error: (ambiguous) => new Error(`502 ambiguous=${ambiguous}`) }),
    });
    await expect(result).rejects.toThrow('502 ambiguous=true');
    expect(requests()).toBe(1);
  });
});
