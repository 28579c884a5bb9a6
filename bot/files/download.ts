/**
 * Fetching a person's attachment from a platform: a plain HTTP GET with a time limit that
 * stops reading as soon as the body passes the size limit (a lying Content-Length or an
 * endless body cannot fill the memory), plus the fetchers of each channel. A fetcher never
 * puts a URL in an error: Telegram's download URL carries the bot token.
 */
import fs from 'node:fs/promises';
import type { FileFetchResult, FileFetcher } from '../channel.js';

export interface DownloadOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** GET `url` into memory, at most `maxBytes`. `what` names the call in errors (never the URL). */
export async function downloadLimited(
  url: string,
  maxBytes: number,
  what: string,
  opts: DownloadOptions = {},
): Promise<FileFetchResult> {
  const fetchImpl = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await fetchImpl(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000), redirect: 'follow' });
  } catch (err) {
    return {
      ok: false,
      reason: 'unavailable',
      error: `${what}: ${(err as Error).name === 'TimeoutError' ? 'timed out' : 'network error'}`,
    };
  }
  if (res.status === 404 || res.status === 410 || res.status === 403) {
    await res.body?.cancel();
    return { ok: false, reason: 'gone', error: `${what}: HTTP ${res.status}` };
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    return { ok: false, reason: 'unavailable', error: `${what}: HTTP ${res.status}` };
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel();
    return { ok: false, reason: 'too_big', error: `${what}: ${declared} bytes` };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) {
        await res.body.cancel().catch(() => {});
        return { ok: false, reason: 'too_big', error: `${what}: more than ${maxBytes} bytes` };
      }
      chunks.push(chunk);
    }
  } catch (err) {
    return {
      ok: false,
      reason: 'unavailable',
      error: `${what}: ${(err as Error).name === 'TimeoutError' ? 'timed out' : 'connection lost'}`,
    };
  }
  return { ok: true, data: Buffer.concat(chunks) };
}

/** Telegram: getFile names the file's path, then the file server hands out the bytes. */
export function telegramFileFetcher(cfg: { token: string; apiRoot: string }, opts: DownloadOptions = {}): FileFetcher {
  const root = cfg.apiRoot.replace(/\/+$/, '');
  const fetchImpl = opts.fetch ?? fetch;
  return async (file, maxBytes) => {
    let res: Response;
    try {
      res = await fetchImpl(`${root}/bot${cfg.token}/getFile`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ file_id: file.fileId }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      return {
        ok: false,
        reason: 'unavailable',
        error: `telegram getFile: ${(err as Error).name === 'TimeoutError' ? 'timed out' : 'network error'}`,
      };
    }
    const body = (await res.json().catch(() => undefined)) as
      { ok?: boolean; description?: string; result?: { file_path?: string; file_size?: number } } | undefined;
    if (!body?.ok || !body.result?.file_path) {
      const description = String(body?.description ?? `HTTP ${res.status}`).slice(0, 200);
      // 400: the id is wrong, expired or belongs to another bot token; it will not come back.
      return {
        ok: false,
        reason: res.status === 400 ? 'gone' : 'unavailable',
        error: `telegram getFile: ${description}`,
      };
    }
    if (body.result.file_size !== undefined && body.result.file_size > maxBytes) {
      return { ok: false, reason: 'too_big', error: `telegram getFile: ${body.result.file_size} bytes` };
    }
    return downloadLimited(
      `${root}/file/bot${cfg.token}/${body.result.file_path}`,
      maxBytes,
      'telegram file download',
      opts,
    );
  };
}

/** Zalo (Bot and OA): the event carries a URL on Zalo's CDN. Only http(s) URLs are fetched. */
export function urlFileFetcher(what: string, opts: DownloadOptions = {}): FileFetcher {
  return async (file, maxBytes) => {
    let url: URL;
    try {
      url = new URL(file.fileId);
    } catch {
      return { ok: false, reason: 'gone', error: `${what}: not a URL` };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return { ok: false, reason: 'gone', error: `${what}: not an http(s) URL` };
    return downloadLimited(url.toString(), maxBytes, `${what} file download`, opts);
  };
}

/** The local shell: the "file id" is a path on this machine (`/tep <đường dẫn>`). */
export const localFileFetcher: FileFetcher = async (file, maxBytes) => {
  try {
    const stat = await fs.stat(file.fileId);
    if (!stat.isFile()) return { ok: false, reason: 'gone', error: 'shell: not a file' };
    if (stat.size > maxBytes) return { ok: false, reason: 'too_big', error: `shell: ${stat.size} bytes` };
    return { ok: true, data: await fs.readFile(file.fileId) };
  } catch {
    return { ok: false, reason: 'gone', error: 'shell: cannot read the file' };
  }
};
