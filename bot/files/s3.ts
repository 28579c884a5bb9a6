/**
 * A minimal S3 client: PUT, GET and HEAD of one object, path-style, signed with AWS
 * Signature Version 4 (node:crypto). That is all the attachment archive needs, and it works
 * with any S3-compatible store (MinIO, Ceph, Garage, AWS, the office's provider).
 * Trade-off: @aws-sdk/client-s3 would bring ~100 packages and several MB for three calls; this
 * is ~100 lines whose signing is checked in tests by a real S3 emulator (s3rver). No
 * multipart upload: objects are attachments of at most MAX_FILE_MB (≤ 50 MB), within S3's
 * 5 GB single-PUT limit.
 */
import crypto from 'node:crypto';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export class S3Error extends Error {
  override name = 'S3Error';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const sha256hex = (data: Uint8Array | string) => crypto.createHash('sha256').update(data).digest('hex');
const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The headers that sign one request (exported for tests that check a signature). */
export function signS3Request(
  s: S3Settings,
  req: { method: string; path: string; host: string; payloadHash: string; now: Date; headers?: Record<string, string> },
): Record<string, string> {
  const amzDate = req.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${s.region}/s3/aws4_request`;
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v.trim()])),
    host: req.host,
    'x-amz-content-sha256': req.payloadHash,
    'x-amz-date': amzDate,
  };
  const signedHeaders = Object.keys(headers).sort().join(';');
  const headerLines = Object.keys(headers)
    .sort()
    .map((k) => `${k}:${headers[k]}\n`)
    .join('');
  // method, path, query (none), the header lines (each ending in \n), a blank line, signed headers, payload hash
  const canonicalRequest = `${req.method}\n${req.path}\n\n${headerLines}\n${signedHeaders}\n${req.payloadHash}`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${s.secretAccessKey}`, date), s.region), 's3'), 'aws4_request');
  const signature = crypto.createHmac('sha256', key).update(toSign).digest('hex');
  return {
    'x-amz-content-sha256': req.payloadHash,
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${s.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}

export interface S3Client {
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes, or undefined when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
  exists(key: string): Promise<boolean>;
}

export function createS3Client(s: S3Settings, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): S3Client {
  const base = new URL(s.endpoint.replace(/\/+$/, ''));
  const fetchImpl = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const pathOf = (key: string) =>
    `${base.pathname.replace(/\/+$/, '')}/${uriEncode(s.bucket)}/${key.split('/').map(uriEncode).join('/')}`;

  async function call(
    method: 'PUT' | 'GET' | 'HEAD',
    key: string,
    body?: Uint8Array,
    contentType?: string,
  ): Promise<Response> {
    const path = pathOf(key);
    const payloadHash = sha256hex(body ?? '');
    const headers: Record<string, string> = signS3Request(s, {
      method,
      path,
      host: base.host,
      payloadHash,
      now: new Date(),
    });
    if (contentType) headers['content-type'] = contentType;
    try {
      return await fetchImpl(`${base.protocol}//${base.host}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new S3Error(`object store ${method} failed: ${(err as Error).name}`);
    }
  }

  return {
    async put(key, data, contentType) {
      const res = await call('PUT', key, data, contentType);
      const text = await res.text();
      if (!res.ok)
        throw new S3Error(
          `object store PUT answered ${res.status}: ${/<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? ''}`,
          res.status,
        );
    },
    async get(key) {
      const res = await call('GET', key);
      if (res.status === 404) return (await res.arrayBuffer(), undefined);
      if (!res.ok) throw new S3Error(`object store GET answered ${res.status}`, res.status);
      return new Uint8Array(await res.arrayBuffer());
    },
    async exists(key) {
      const res = await call('HEAD', key);
      await res.arrayBuffer();
      if (res.status === 404) return false;
      if (!res.ok) throw new S3Error(`object store HEAD answered ${res.status}`, res.status);
      return true;
    },
  };
}
