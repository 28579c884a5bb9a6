/**
 * A tiny S3-compatible object store on 127.0.0.1 for tests: path-style PUT/GET/HEAD of
 * objects in one bucket, in memory. Every request must carry a valid AWS Signature V4
 * (header form) for the configured key pair and a payload hash that matches the body;
 * anything else is answered 403 like S3 does. `down = true` answers 503 (an outage).
 * The verification is written independently of bot/files/s3.ts from the SigV4 spec, and
 * test/s3.test.ts checks the client against AWS's published example signature too.
 * (The s3rver package installs here but does not verify V4 signatures, so it could not catch
 * a signing bug.)
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3Options {
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export class FakeS3 {
  readonly objects = new Map<string, { data: Buffer; contentType: string }>();
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  down = false;
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    private readonly opts: FakeS3Options,
  ) {}

  static async start(opts: FakeS3Options): Promise<FakeS3> {
    let fake!: FakeS3;
    const server = http.createServer((req, res) => void fake.serve(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    fake = new FakeS3(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, opts);
    return fake;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0]!;
    const answer = (status: number, text = '', headers: Record<string, string> = {}) => {
      this.requests.push({ method: req.method ?? '', path, status });
      res.writeHead(status, headers);
      res.end(text);
    };
    if (this.down) return answer(503, '<Error><Code>ServiceUnavailable</Code></Error>');
    const refused = this.verify(req, path, body);
    if (refused) return answer(403, `<Error><Code>${refused}</Code></Error>`);
    const prefix = `/${this.opts.bucket}/`;
    if (!path.startsWith(prefix)) return answer(404, '<Error><Code>NoSuchBucket</Code></Error>');
    const key = decodeURIComponent(path.slice(prefix.length));
    if (req.method === 'PUT') {
      this.objects.set(key, { data: body, contentType: String(req.headers['content-type'] ?? '') });
      return answer(200, '', { etag: `"${crypto.createHash('md5').update(body).digest('hex')}"` });
    }
    const obj = this.objects.get(key);
    if (!obj) return answer(404, req.method === 'HEAD' ? '' : '<Error><Code>NoSuchKey</Code></Error>');
    if (req.method === 'HEAD') return answer(200, '', { 'content-length': String(obj.data.length) });
    if (req.method === 'GET') {
      this.requests.push({ method: 'GET', path, status: 200 });
      res.writeHead(200, { 'content-type': obj.contentType });
      return void res.end(obj.data);
    }
    return answer(405);
  }

  /** The S3 error code when the request is not correctly signed, else undefined. */
  private verify(req: http.IncomingMessage, path: string, body: Buffer): string | undefined {
    const auth = String(req.headers.authorization ?? '');
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return 'AccessDenied';
    const [, keyId, date, region, signed, signature] = m as unknown as [string, string, string, string, string, string];
    if (keyId !== this.opts.accessKeyId) return 'InvalidAccessKeyId';
    if (region !== this.opts.region) return 'AuthorizationHeaderMalformed';
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (payloadHash !== crypto.createHash('sha256').update(body).digest('hex')) return 'XAmzContentSHA256Mismatch';
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (amzDate.slice(0, 8) !== date) return 'AccessDenied';
    const names = signed.split(';');
    if (!names.includes('host') || !names.includes('x-amz-date') || !names.includes('x-amz-content-sha256'))
      return 'AccessDenied';
    const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('');
    const canonical = [req.method, path, '', canonicalHeaders, signed, payloadHash].join('\n');
    const scope = `${date}/${region}/s3/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${crypto.createHash('sha256').update(canonical).digest('hex')}`;
    let k: Buffer = crypto.createHmac('sha256', `AWS4${this.opts.secretAccessKey}`).update(date).digest();
    for (const part of [region, 's3', 'aws4_request']) k = crypto.createHmac('sha256', k).update(part).digest();
    const expected = crypto.createHmac('sha256', k).update(stringToSign).digest('hex');
    return expected === signature ? undefined : 'SignatureDoesNotMatch';
  }
}
