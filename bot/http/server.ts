/**
 * The one HTTP server of a process: webhooks of every channel plus `GET /healthz`. Built on
 * node:http so a route can check its secret header before reading the body, and read the
 * raw bytes itself (the Zalo OA signature is computed over them).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Checked on the headers before the body is read; false answers 401. */
  authorize?(req: IncomingMessage): boolean;
  /** Largest body accepted (default 1 MB); larger answers 413. */
  maxBodyBytes?: number;
  handle(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> | void;
}

export interface HttpServer {
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  readonly server: http.Server;
}

/** `/healthz` answers within this whatever the database does (a frozen server never answers). */
export const HEALTH_DEADLINE_MS = 500;

export function createHttpServer(opts: {
  routes: HttpRoute[];
  healthCheck: () => Promise<boolean>;
  logger: Logger;
  healthDeadlineMs?: number;
}): HttpServer {
  const routes = new Map(opts.routes.map((r) => [`${r.method} ${r.path}`, r]));

  const server = http.createServer((req, res) => {
    void serve(req, res).catch((err) => {
      opts.logger.error({ err, path: req.url }, 'http handler failed');
      if (!res.headersSent) send(res, 500, { ok: false });
      else res.end();
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/healthz') {
      const up = await withinDeadline(opts.healthCheck(), opts.healthDeadlineMs ?? HEALTH_DEADLINE_MS);
      return send(res, up ? 200 : 503, { ok: up, store: up ? 'up' : 'down' });
    }
    const route = routes.get(`${req.method} ${url.pathname}`);
    if (!route) {
      req.resume();
      return send(res, 404, { ok: false });
    }
    if (route.authorize && !route.authorize(req)) {
      req.resume();
      return send(res, 401, { ok: false });
    }
    const body = await readBody(req, route.maxBodyBytes ?? 1024 * 1024);
    if (body === undefined) return send(res, 413, { ok: false });
    await route.handle(req, res, body);
  }

  return {
    server,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** The check's answer, or false when it fails or has not answered within `ms`. */
async function withinDeadline(check: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([check.catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
