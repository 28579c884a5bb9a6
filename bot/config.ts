/**
 * Configuration, read once from the environment at start-up and validated with zod.
 * `createConfig(env)` is pure: tests pass their own object, nothing reads `process.env`
 * at import time. A wrong value stops start-up with one line naming the variable.
 */
import { z } from 'zod';
import { CSV_STYLES, type CsvStyleSetting } from '../domain/csv.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A 256-bit key written as 64 hex digits or as base64 (44 characters with padding). */
function secretsKeyBytes(v: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
}

function isSecretsKey(v: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(v)) return true;
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(v) && secretsKeyBytes(v).length === 32;
}

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const url = (what: string) =>
  optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: `must be an http(s) URL (${what})`,
  });

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must look like 07:30-17:30')
  .refine((v) => v.slice(0, 5) < v.slice(6), 'must end after it starts');

const intFrom = (min: number, max: number, dflt: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return dflt;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const schema = z
  .object({
    DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with postgres:// or postgresql:// (leave it unset to use the embedded PGlite database)',
    }),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    SEED_FILE: optionalString,
    TIMEZONE: z
      .string()
      .trim()
      .default('Asia/Ho_Chi_Minh')
      .refine(isTimeZone, 'must be an IANA time zone such as Asia/Ho_Chi_Minh'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
    DEFAULT_LOCALE: z.enum(['vi', 'en'], { message: 'must be vi or en' }).default('vi'),
    CSV_STYLE: z.enum(CSV_STYLES, { message: `must be one of ${CSV_STYLES.join(', ')}` }).default('auto'),
    INVITE_TTL_DAYS: intFrom(1, 90, 7),
    MAX_FILE_MB: intFrom(1, 50, 10),
    IMPORT_MAX_MB: intFrom(1, 1024, 20),
    PORT: intFrom(1, 65535, 8080),
    HTTPS_PROXY: url('proxy for outgoing Bot API calls'),

    TELEGRAM_BOT_TOKEN: optionalString.refine((v) => v === undefined || /^\d+:[\w-]{20,}$/.test(v), {
      message: 'must look like 123456:ABC-DEF… as given by @BotFather',
    }),
    TELEGRAM_API_ROOT: url('Bot API server').default('https://api.telegram.org'),
    TELEGRAM_WEBHOOK_URL: optionalString.refine((v) => v === undefined || /^https:\/\/[^\s]+$/.test(v), {
      message: 'must be an https:// URL (Telegram posts only to HTTPS, on port 443, 80, 88 or 8443)',
    }),
    TELEGRAM_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_-]{12,256}$/.test(v), {
      message: 'must be 12-256 characters of A-Z, a-z, 0-9, _ and -',
    }),

    ZALO_BOT_TOKEN: optionalString,
    ZALO_BOT_API_ROOT: url('Zalo Bot API server').default('https://bot-api.zaloplatforms.com'),
    ZALO_BOT_WEBHOOK_URL: url('public HTTPS address Zalo posts bot updates to'),
    ZALO_BOT_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || (v.length >= 8 && v.length <= 256), {
      message: 'must be 8-256 characters',
    }),

    ZALO_OA_APP_ID: optionalString,
    ZALO_OA_APP_SECRET: optionalString,
    ZALO_OA_SECRET_KEY: optionalString,
    ZALO_OA_ID: optionalString,
    ZALO_OA_API_ROOT: url('Zalo OA Open API').default('https://openapi.zalo.me'),
    ZALO_OA_OAUTH_ROOT: url('Zalo OAuth server').default('https://oauth.zaloapp.com'),
    ZALO_OA_SIGNATURE_MODE: z
      .enum(['enforce', 'log-only'], { message: 'must be enforce or log-only' })
      .default('enforce'),
    ZALO_OA_SIGNATURE_ID: z.enum(['app_id', 'oa_id'], { message: 'must be app_id or oa_id' }).default('app_id'),
    ZALO_OA_MAX_EVENT_AGE_SECONDS: intFrom(30, 86_400, 600),
    ZALO_OA_REMINDER_TEMPLATE_ID: optionalString,
    ZALO_PUBLIC_BASE_URL: url('public origin of this server, where Zalo fetches pictures the bot sends'),
    ZALO_OA_WEBHOOK_PATH: z
      .string()
      .trim()
      .regex(/^\/[A-Za-z0-9/_-]*$/, 'must be a path such as /webhooks/zalo-oa')
      .default('/webhooks/zalo-oa'),
    ZALO_OA_REMINDER_TEMPLATE_MAP: optionalString.refine(
      (v) => v === undefined || /^\s*[\w.-]+\s*=\s*[\w.-]+\s*(,\s*[\w.-]+\s*=\s*[\w.-]+\s*)*$/.test(v),
      { message: 'must look like ten_don_vi=unit_name,han_chot=due_date' },
    ),
    ZALO_OA_BUTTON_TEMPLATE_TYPE: optionalString,
    ZALO_OA_BUTTON_TYPE: z
      .enum(['oa.query.show', 'oa.query.hide'], { message: 'must be oa.query.show or oa.query.hide' })
      .default('oa.query.show'),

    SCHEDULER: z.enum(['on', 'off'], { message: 'must be on or off' }).optional(),
    REMINDER_WINDOW: hhmm.default('07:30-17:30'),
    WORKING_DAYS: z
      .string()
      .regex(/^[1-7](,[1-7])*$/, 'must be a comma-separated list of ISO weekdays, 1 = Monday … 7 = Sunday')
      .default('1,2,3,4,5'),
    OUTBOX_MAX_ATTEMPTS: intFrom(1, 50, 8),
    OUTBOX_LEASE_SECONDS: intFrom(5, 3600, 60),
    TELEGRAM_GLOBAL_RATE: intFrom(1, 1000, 30),

    DATABASE_WAIT_SECONDS: intFrom(0, 86_400, 300),
    DATABASE_CONNECT_TIMEOUT_SECONDS: intFrom(1, 300, 10),
    DATABASE_STATEMENT_TIMEOUT_SECONDS: intFrom(0, 3600, 30),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: intFrom(0, 3600, 60),
    UPDATE_DEADLINE_SECONDS: intFrom(1, 300, 20),
    INBOUND_JOURNAL_MAX_EVENTS: intFrom(10, 1_000_000, 10_000),
    OUTBOX_RETENTION_DAYS: intFrom(30, 36500, 400),
    SECRETS_KEY: optionalString.refine((v) => v === undefined || isSecretsKey(v), {
      message: 'must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    }),
    SECRETS_KEY_PREVIOUS: optionalString.refine(
      (v) => v === undefined || v.split(',').every((k) => isSecretsKey(k.trim())),
      {
        message: 'must be a comma-separated list of former SECRETS_KEY values',
      },
    ),
    FILES_S3_ENDPOINT: url('S3-compatible object store for attachments'),
    FILES_S3_BUCKET: optionalString,
    FILES_S3_ACCESS_KEY_ID: optionalString,
    FILES_S3_SECRET_ACCESS_KEY: optionalString,
    FILES_S3_REGION: z.string().trim().min(1).default('us-east-1'),
  })
  .superRefine((c, ctx) => {
    const pairs: Array<[keyof typeof c, keyof typeof c]> = [
      ['TELEGRAM_WEBHOOK_URL', 'TELEGRAM_WEBHOOK_SECRET'],
      ['ZALO_BOT_WEBHOOK_URL', 'ZALO_BOT_WEBHOOK_SECRET'],
    ];
    for (const [a, b] of pairs) {
      if (c[a] !== undefined && c[b] === undefined) {
        ctx.addIssue({ code: 'custom', path: [b], message: `is required when ${a} is set` });
      }
    }
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_BOT_TOKEN'],
        message: 'is required when TELEGRAM_WEBHOOK_URL is set',
      });
    }
    if (c.ZALO_BOT_WEBHOOK_URL && !c.ZALO_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['ZALO_BOT_TOKEN'],
        message: 'is required when ZALO_BOT_WEBHOOK_URL is set',
      });
    }
    const s3 = [
      'FILES_S3_ENDPOINT',
      'FILES_S3_BUCKET',
      'FILES_S3_ACCESS_KEY_ID',
      'FILES_S3_SECRET_ACCESS_KEY',
    ] as const;
    const setS3 = s3.filter((k) => c[k] !== undefined);
    if (setS3.length > 0 && setS3.length < s3.length) {
      const missing = s3.find((k) => c[k] === undefined)!;
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `is required when ${setS3[0]} is set (the object store needs all four)`,
      });
    }
    const oa = ['ZALO_OA_APP_ID', 'ZALO_OA_APP_SECRET', 'ZALO_OA_SECRET_KEY', 'ZALO_OA_ID'] as const;
    const setOa = oa.filter((k) => c[k] !== undefined);
    if (setOa.length > 0 && setOa.length < oa.length) {
      const missing = oa.find((k) => c[k] === undefined)!;
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `is required when ${setOa[0]} is set (the Zalo OA channel needs all four)`,
      });
    }
  });

export type RawConfig = z.output<typeof schema>;

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  seedFile?: string;
  timezone: string;
  logLevel?: (typeof LOG_LEVELS)[number];
  defaultLocale: 'vi' | 'en';
  /** CSV files (exports, audit log): `;` and decimal comma for Excel in Vietnamese, or RFC 4180. */
  csvStyle: CsvStyleSetting;
  inviteTtlDays: number;
  maxFileBytes: number;
  /** Data files larger than this are refused by the importer (IMPORT_MAX_MB). */
  importMaxBytes: number;
  port: number;
  httpsProxy?: string;
  telegram?: { token: string; apiRoot: string; webhook?: { url: string; secret: string }; globalRate: number };
  zaloBot?: { token: string; apiRoot: string; webhook?: { url: string; secret: string }; publicBaseUrl?: string };
  zaloOa?: {
    appId: string;
    appSecret: string;
    secretKey: string;
    oaId: string;
    apiRoot: string;
    oauthRoot: string;
    signatureMode: 'enforce' | 'log-only';
    signatureId: 'app_id' | 'oa_id';
    /** Events older than this (or more than 60 s in the future) are refused as replays. */
    maxEventAgeSeconds: number;
    reminderTemplateId?: string;
    webhookPath: string;
    /** Template parameter → reminder field (identity when absent). */
    reminderTemplateMap?: Record<string, string>;
    buttonTemplateType?: string;
    buttonType: 'oa.query.show' | 'oa.query.hide';
  };
  scheduler?: boolean;
  reminders: { windowStart: string; windowEnd: string; workingDays: number[] };
  outbox: { maxAttempts: number; leaseSeconds: number };
  /** PostgreSQL time limits (0 = none) and how long start-up waits for the server. */
  database: {
    waitSeconds: number;
    connectTimeoutSeconds: number;
    statementTimeoutMs: number;
    idleInTransactionTimeoutMs: number;
  };
  /** An update not handled within this gets the "answer will come" reply and is retried. */
  updateDeadlineMs: number;
  /** Zalo events kept on disk while the database is down (bot/inbound-journal.ts). */
  inboundJournal: { maxEvents: number };
  retention: { outboxDays: number };
  /** AES-256-GCM keys for secrets at rest: the current one first, then former ones (decrypt only). */
  secrets: { key?: Buffer; previous: Buffer[] };
  /** Where attachments are archived: the database unless an S3-compatible store is configured. */
  files: { s3?: { endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string } };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates an environment-like object. Throws ConfigError with a one-line message. */
export function createConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    const got = env[name];
    const shown =
      got === undefined ? '' : ` (got "${name.includes('SECRET') || name.includes('TOKEN') ? '***' : got}")`;
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${shown}`);
  }
  const c = parsed.data;
  const [windowStart, windowEnd] = c.REMINDER_WINDOW.split('-') as [string, string];
  return {
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    seedFile: c.SEED_FILE,
    timezone: c.TIMEZONE,
    logLevel: c.LOG_LEVEL,
    defaultLocale: c.DEFAULT_LOCALE,
    csvStyle: c.CSV_STYLE,
    inviteTtlDays: c.INVITE_TTL_DAYS,
    maxFileBytes: c.MAX_FILE_MB * 1024 * 1024,
    importMaxBytes: c.IMPORT_MAX_MB * 1024 * 1024,
    port: c.PORT,
    httpsProxy: c.HTTPS_PROXY,
    telegram: c.TELEGRAM_BOT_TOKEN
      ? {
          token: c.TELEGRAM_BOT_TOKEN,
          apiRoot: c.TELEGRAM_API_ROOT,
          webhook: c.TELEGRAM_WEBHOOK_URL
            ? { url: c.TELEGRAM_WEBHOOK_URL, secret: c.TELEGRAM_WEBHOOK_SECRET! }
            : undefined,
          globalRate: c.TELEGRAM_GLOBAL_RATE,
        }
      : undefined,
    zaloBot: c.ZALO_BOT_TOKEN
      ? {
          token: c.ZALO_BOT_TOKEN,
          apiRoot: c.ZALO_BOT_API_ROOT,
          webhook: c.ZALO_BOT_WEBHOOK_URL
            ? { url: c.ZALO_BOT_WEBHOOK_URL, secret: c.ZALO_BOT_WEBHOOK_SECRET! }
            : undefined,
          publicBaseUrl: c.ZALO_PUBLIC_BASE_URL,
        }
      : undefined,
    zaloOa: c.ZALO_OA_APP_ID
      ? {
          appId: c.ZALO_OA_APP_ID,
          appSecret: c.ZALO_OA_APP_SECRET!,
          secretKey: c.ZALO_OA_SECRET_KEY!,
          oaId: c.ZALO_OA_ID!,
          apiRoot: c.ZALO_OA_API_ROOT,
          oauthRoot: c.ZALO_OA_OAUTH_ROOT,
          signatureMode: c.ZALO_OA_SIGNATURE_MODE,
          signatureId: c.ZALO_OA_SIGNATURE_ID,
          maxEventAgeSeconds: c.ZALO_OA_MAX_EVENT_AGE_SECONDS,
          reminderTemplateId: c.ZALO_OA_REMINDER_TEMPLATE_ID,
          webhookPath: c.ZALO_OA_WEBHOOK_PATH,
          reminderTemplateMap: c.ZALO_OA_REMINDER_TEMPLATE_MAP
            ? Object.fromEntries(
                c.ZALO_OA_REMINDER_TEMPLATE_MAP.split(',').map(
                  (p) => p.split('=').map((x) => x.trim()) as [string, string],
                ),
              )
            : undefined,
          buttonTemplateType: c.ZALO_OA_BUTTON_TEMPLATE_TYPE,
          buttonType: c.ZALO_OA_BUTTON_TYPE,
        }
      : undefined,
    scheduler: c.SCHEDULER === undefined ? undefined : c.SCHEDULER === 'on',
    reminders: {
      windowStart,
      windowEnd,
      workingDays: c.WORKING_DAYS.split(',').map(Number),
    },
    outbox: { maxAttempts: c.OUTBOX_MAX_ATTEMPTS, leaseSeconds: c.OUTBOX_LEASE_SECONDS },
    database: {
      waitSeconds: c.DATABASE_WAIT_SECONDS,
      connectTimeoutSeconds: c.DATABASE_CONNECT_TIMEOUT_SECONDS,
      statementTimeoutMs: c.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000,
      idleInTransactionTimeoutMs: c.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS * 1000,
    },
    updateDeadlineMs: c.UPDATE_DEADLINE_SECONDS * 1000,
    inboundJournal: { maxEvents: c.INBOUND_JOURNAL_MAX_EVENTS },
    retention: { outboxDays: c.OUTBOX_RETENTION_DAYS },
    secrets: {
      key: c.SECRETS_KEY ? secretsKeyBytes(c.SECRETS_KEY) : undefined,
      previous: (c.SECRETS_KEY_PREVIOUS?.split(',') ?? []).map((k) => secretsKeyBytes(k.trim())),
    },
    files: {
      s3: c.FILES_S3_ENDPOINT
        ? {
            endpoint: c.FILES_S3_ENDPOINT,
            bucket: c.FILES_S3_BUCKET!,
            accessKeyId: c.FILES_S3_ACCESS_KEY_ID!,
            secretAccessKey: c.FILES_S3_SECRET_ACCESS_KEY!,
            region: c.FILES_S3_REGION,
          }
        : undefined,
    },
  };
}

/** True when no platform channel is configured, so `npm start` opens the local shell. */
export function hasPlatformChannel(c: Config): boolean {
  return Boolean(c.telegram || c.zaloBot || c.zaloOa);
}
