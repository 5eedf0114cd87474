/**
 * zod schemas for the parts of atmos.yaml we read: `logs` (atmos's own `file`/`level` beside our
 * `settings`/`sources`), `auth` (realm, providers, identities) and `stacks`. Everything else in
 * atmos.yaml belongs to atmos and passes through untouched.
 */

import { tryParseDuration } from '../time/duration.js'
import { z } from '../vendor/zod.js'

export const LOG_FORMATS = ['pretty', 'json', 'raw', 'log'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

const nonEmpty = z.string().trim().min(1, 'must not be empty')
const duration = z
  .string()
  .trim()
  .refine((s) => tryParseDuration(s) !== undefined, 'expected a duration such as 30s, 5m or 1h30m')

export const RateLimitSchema = z.strictObject({
  /** Requests per second to one provider API. */
  requests_per_second: z.number().positive().optional(),
  /** Requests allowed in a burst above the steady rate. */
  burst: z.number().int().positive().optional(),
})

/** `logs.settings` in atmos.yaml and in a component's `logs` block. */
export const LogsSettingsSchema = z.strictObject({
  default_since: nonEmpty.optional(),
  format: z.enum(LOG_FORMATS).optional(),
  /** A Go time layout, e.g. `2006-01-02T15:04:05Z07:00`. */
  timestamp_format: nonEmpty.optional(),
  colorize: z.boolean().optional(),
  utc: z.boolean().optional(),
  /** Default `--limit` for view/search. */
  limit: z.number().int().positive().optional(),
  /** Default `--lines` for tail. */
  lines: z.number().int().nonnegative().optional(),
  rate_limit: RateLimitSchema.optional(),
  /** Sources read at once when several are selected. */
  max_concurrency: z.number().int().positive().optional(),
  /** Bound on the whole command (like --timeout); unset: none. */
  timeout: duration.optional(),
  /** A read that reads no page this long because of throttling or errors stops (exit 1); 0 turns it off. */
  stall_timeout: duration.optional(),
  /**
   * Who describes components (atmos.yaml only): `auto` ours, the Go atmos for what ours cannot
   * compute (state and store functions); `builtin` never the Go atmos; `atmos` always it.
   */
  resolver: z.enum(['auto', 'builtin', 'atmos']).optional(),
})
export type LogsSettings = z.infer<typeof LogsSettingsSchema>

export const LogSourceConfigSchema = z.strictObject({
  kind: nonEmpty,
  identity: nonEmpty.optional(),
  default: z.boolean().optional(),
  description: z.string().optional(),
  spec: z.record(z.string(), z.unknown()).optional(),
})
export type LogSourceConfig = z.infer<typeof LogSourceConfigSchema>

/** The `logs` block: atmos.yaml top level, or a component's `logs` / `settings.logs`. */
export const LogsBlockSchema = z.looseObject({
  settings: LogsSettingsSchema.nullish(),
  sources: z.record(z.string(), LogSourceConfigSchema).nullish(),
})

export const AtmosLogsSchema = LogsBlockSchema.extend({
  /** atmos's own logger: where its log goes and at what level. */
  file: z.string().optional(),
  level: z.string().optional(),
  /** The interactive view (`atmos logs --interactive`). */
  tui: z
    .strictObject({
      /** Entries the Logs screen keeps; older ones are dropped (default 50,000). */
      buffer_lines: z.number().int().positive().optional(),
    })
    .nullish(),
})

export const AuthIdentitySchema = z.looseObject({
  kind: nonEmpty,
  default: z.boolean().optional(),
  via: z.looseObject({ provider: z.string().optional(), identity: z.string().optional() }).nullish(),
  principal: z.record(z.string(), z.unknown()).nullish(),
  credentials: z.record(z.string(), z.unknown()).nullish(),
})
export type AuthIdentity = z.infer<typeof AuthIdentitySchema>

export const AuthProviderSchema = z.looseObject({
  kind: nonEmpty,
  region: z.string().optional(),
  start_url: z.string().optional(),
})
export type AuthProvider = z.infer<typeof AuthProviderSchema>

export const AuthSchema = z.looseObject({
  realm: z.string().optional(),
  providers: z.record(z.string(), AuthProviderSchema).nullish(),
  identities: z.record(z.string(), AuthIdentitySchema).nullish(),
})

const stringList = z.array(z.string())

export const StacksSchema = z.looseObject({
  base_path: z.string().optional(),
  included_paths: stringList.nullish(),
  excluded_paths: stringList.nullish(),
  name_pattern: z.string().optional(),
  name_template: z.string().optional(),
})

/** The parts of atmos.yaml we validate; everything else passes through. */
export const AtmosConfigFileSchema = z.looseObject({
  base_path: z.string().nullish(),
  stacks: StacksSchema.nullish(),
  logs: AtmosLogsSchema.nullish(),
  auth: AuthSchema.nullish(),
})
