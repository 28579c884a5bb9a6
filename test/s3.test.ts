/**
 * The attachment archive on an S3-compatible object store: our SigV4 client against AWS's
 * published example signature, against a fake S3 that verifies every signature, and the whole
 * path — a file sent in the shell is archived to the bucket, the `files` row keeps no bytes,
 * and `/xuat … zip` reads them back from the store. Plus the Zalo URL fetcher's limits.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { localFileFetcher, urlFileFetcher } from '../bot/files/download.js';
import { createS3Client, signS3Request } from '../bot/files/s3.js';
import { objectKey } from '../bot/files/blob-store.js';
import { createConfig } from '../bot/config.js';
import { attachments, files } from '../db/schema.js';
import { createTestApp, TEXT_CAPS, type TestApp } from './helpers/app.js';
import { FakeS3 } from './fakes/s3.js';

const S3 = {
  bucket: 'thidua-files',
  accessKeyId: 'AKIDTHIDUA',
  secretAccessKey: 'c2VjcmV0LWZvci10ZXN0cw',
  region: 'ap-southeast-1',
};

describe('SigV4 signing', () => {
  it("matches AWS's published example (GET /test.txt, Range header)", () => {
    const h = signS3Request(
      {
        endpoint: 'https://examplebucket.s3.amazonaws.com',
        bucket: 'examplebucket',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        region: 'us-east-1',
      },
      {
        method: 'GET',
        path: '/test.txt',
        host: 'examplebucket.s3.amazonaws.com',
        payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        now: new Date('2013-05-24T00:00:00Z'),
        headers: { range: 'bytes=0-9' },
      },
    );
    expect(h.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});

describe('the object store', () => {
  let s3: FakeS3;
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    s3 = await FakeS3.start(S3);
    app = await createTestApp({
      env: {
        FILES_S3_ENDPOINT: s3.url,
        FILES_S3_BUCKET: S3.bucket,
        FILES_S3_ACCESS_KEY_ID: S3.accessKeyId,
        FILES_S3_SECRET_ACCESS_KEY: S3.secretAccessKey,
        FILES_S3_REGION: S3.region,
      },
    });
    app.files.register('shell', localFileFetcher);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-s3-'));
  });
  afterAll(async () => {
    await app?.close();
    await s3?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a request signed with the wrong secret, and a body that does not match its hash', async () => {
    const good = createS3Client({ endpoint: s3.url, ...S3 });
    await good.put('probe', new Uint8Array([1, 2, 3]), 'application/octet-stream');
    expect(await good.get('probe')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await good.exists('nope')).toBe(false);
    const bad = createS3Client({ endpoint: s3.url, ...S3, secretAccessKey: 'wrong' });
    await expect(bad.put('x', new Uint8Array([1]), 'a/b')).rejects.toThrow(
      'object store PUT answered 403: SignatureDoesNotMatch',
    );
    const lying = createS3Client(
      { endpoint: s3.url, ...S3 },
      { fetch: (url, init) => fetch(url, { ...init, body: new Uint8Array([9, 9]) }) },
    );
    await expect(lying.put('y', new Uint8Array([1]), 'a/b')).rejects.toThrow('XAmzContentSHA256Mismatch');
  });

  it('an attachment goes to the bucket under its hash; the office exports it from there', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.5\n'), crypto.randomBytes(3000)]);
    const sha = crypto.createHash('sha256').update(pdf).digest('hex');
    const file = path.join(dir, 'Biên bản.pdf');
    fs.writeFileSync(file, pdf);
    const focal = app.chat('focal-a', { channel: 'shell', caps: TEXT_CAPS });
    await focal.send('/baocao so-ket-2026');
    for (const a of ['45', '90', 'có', 'Khá', 'Phong trào', 'Vượt chỉ tiêu.', '15/07/2026', 'bỏ qua'])
      await focal.send(a);
    const [received] = await focal.sendFile({ fileId: file, kind: 'document', name: 'Biên bản.pdf', size: pdf.length });
    expect(received).toContain('Đã nhận tệp "Biên bản.pdf"');
    expect(s3.objects.get(objectKey(sha))?.data.equals(pdf)).toBe(true);
    const [row] = await app.store.db.select().from(files).where(eq(files.sha256, sha));
    expect(row).toMatchObject({ storage: 's3', data: null, size: pdf.length, mime: 'application/pdf' });
    await focal.send('xong');
    await focal.send('gửi');
    const admin = app.chat('admin1', { channel: 'shell', caps: TEXT_CAPS });
    await admin.send('/xuat so-ket-2026 zip');
    const zip = await JSZip.loadAsync(admin.last().document!.data);
    const entry = Object.keys(zip.files).find((n) => n.endsWith('Biên bản.pdf'))!;
    expect(Buffer.from(await zip.file(entry)!.async('uint8array')).equals(pdf)).toBe(true);
    expect(s3.requests.some((r) => r.method === 'GET' && r.path.endsWith(sha))).toBe(true);
  });

  it('the store down on arrival: the answer is kept and the archive retried later', async () => {
    s3.down = true;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(100)]);
    const file = path.join(dir, 'anh.png');
    fs.writeFileSync(file, png);
    const focal = app.chat('focal-b', { channel: 'shell', caps: TEXT_CAPS });
    await focal.send('/dienhinh');
    await focal.send('Nguyễn Văn Điển Hình');
    await focal.send('Nông nghiệp');
    await focal.send('Trồng 5 ha chè hữu cơ.');
    expect((await focal.sendFile({ fileId: file, kind: 'photo', name: 'anh.png', size: png.length }))[0]).toContain(
      'Đã nhận tệp "anh.png"',
    );
    await focal.send('xong');
    await focal.send('lưu');
    const [att] = await app.store.db.select().from(attachments).where(eq(attachments.ownerKind, 'exemplar'));
    expect(att).toMatchObject({ sha256: null, archivedAt: null });
    s3.down = false;
    expect(await app.files.retryPending()).toBe(1);
    const [done] = await app.store.db.select().from(attachments).where(eq(attachments.id, att!.id));
    expect(done!.sha256).toBe(crypto.createHash('sha256').update(png).digest('hex'));
    expect(s3.objects.has(objectKey(done!.sha256!))).toBe(true);
  });

  it('FILES_S3_* must be set together', () => {
    expect(() => createConfig({ FILES_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(
      /FILES_S3_BUCKET is required when FILES_S3_ENDPOINT is set/,
    );
  });
});

describe('Zalo file URLs', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ok.jpg') return void res.end(Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]));
      if (req.url === '/endless') {
        // no Content-Length, more bytes than allowed
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024, 1);
        let sent = 0;
        const pump = () => {
          while (sent < 4 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
          if (sent < 4 * 1024 * 1024) res.once('drain', pump);
          else res.end();
        };
        return pump();
      }
      if (req.url === '/liar') {
        res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
        return void res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('downloads within the limit, stops reading past it, and says gone or unavailable without the URL', async () => {
    const fetcher = urlFileFetcher('zalo-oa');
    const ok = await fetcher({ fileId: `${base}/ok.jpg`, kind: 'photo' }, 1024);
    expect(ok.ok && Buffer.from(ok.data).toString('hex')).toBe('ffd8ff010203');
    expect(await fetcher({ fileId: `${base}/endless`, kind: 'document' }, 1024 * 1024)).toMatchObject({
      ok: false,
      reason: 'too_big',
    });
    expect(await fetcher({ fileId: `${base}/liar`, kind: 'document' }, 1024 * 1024)).toMatchObject({
      ok: false,
      reason: 'too_big',
    });
    const gone = await fetcher({ fileId: `${base}/expired?token=abc`, kind: 'document' }, 1024);
    expect(gone).toMatchObject({ ok: false, reason: 'gone' });
    expect(JSON.stringify(gone)).not.toContain('token=abc');
    expect(await fetcher({ fileId: 'file:///etc/passwd', kind: 'document' }, 1024)).toMatchObject({
      ok: false,
      reason: 'gone',
    });
    expect(await fetcher({ fileId: 'http://127.0.0.1:1/x', kind: 'document' }, 1024)).toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
  });
});
