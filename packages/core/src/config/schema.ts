/**
 * zod schemas for the parts of atmos.yaml we read: `logs` (atmos's own `file`/`level` beside our
 * `settings`/`sources`), `auth` (realm, providers, identities) and `stacks`. Everything else in
 * atmos.yaml belongs to atmos and passes through untouched.
 */

import { tryParseDuration } from '../time/duration.js'
import * as z from '../vendor/zod.js'

export const LOG_FORMATS = ['pretty', 'json', 'raw', 'log'] as const
export type LogFormat = (typeof LOG_FORMATS)[number]

const nonEmpty = z.string().check(z.trim(), z.minLength(1, 'must not be empty'))
const duration = z.string().check(
  z.trim(),
  z.refine((s) => tryParseDuration(s) !== undefined, 'expected a duration such as 30s, 5m or 1h30m'),
)

export const RateLimitSchema = z.strictObject({
  /** Requests per second to one provider API. */
  requests_per_second: z.optional(z.number().check(z.positive())),
  /** Requests allowed in a burst above the steady rate. */
  burst: z.optional(z.int().check(z.positive())),
})

/** `logs.settings` in atmos.yaml and in a component's `logs` block. */
export const LogsSettingsSchema = z.strictObject({
  default_since: z.optional(nonEmpty),
  format: z.optional(z.enum(LOG_FORMATS)),
  /** A Go time layout, e.g. `2006-01-02T15:04:05Z07:00`. */
  timestamp_format: z.optional(nonEmpty),
  colorize: z.optional(z.boolean()),
  utc: z.optional(z.boolean()),
  /** Default `--limit` for view/search. */
  limit: z.optional(z.int().check(z.positive())),
  /** Default `--lines` for tail. */
  lines: z.optional(z.int().check(z.nonnegative())),
  rate_limit: z.optional(RateLimitSchema),
  /** Sources read at once when several are selected. */
  max_concurrency: z.optional(z.int().check(z.positive())),
  /** Bound on the whole command (like --timeout); unset: none. */
  timeout: z.optional(duration),
  /** A read that reads no page this long because of throttling or errors stops (exit 1); 0 turns it off. */
  stall_timeout: z.optional(duration),
  /**
   * Who describes components (atmos.yaml only): `auto` ours, the Go atmos for what ours cannot
   * compute (state and store functions); `builtin` never the Go atmos; `atmos` always it.
   */
  resolver: z.optional(z.enum(['auto', 'builtin', 'atmos'])),
})
export type LogsSettings = z.infer<typeof LogsSettingsSchema>

export const LogSourceConfigSchema = z.strictObject({
  kind: nonEmpty,
  identity: z.optional(nonEmpty),
  default: z.optional(z.boolean()),
  description: z.optional(z.string()),
  spec: z.optional(z.record(z.string(), z.unknown())),
})
export type LogSourceConfig = z.infer<typeof LogSourceConfigSchema>

/** The `logs` block: atmos.yaml top level, or a component's `logs` / `settings.logs`. */
export const LogsBlockSchema = z.looseObject({
  settings: z.nullish(LogsSettingsSchema),
  sources: z.nullish(z.record(z.string(), LogSourceConfigSchema)),
})

export const AtmosLogsSchema = z.extend(LogsBlockSchema, {
  /** atmos's own logger: where its log goes and at what level. */
  file: z.optional(z.string()),
  level: z.optional(z.string()),
  /** The interactive view (`atmos logs --interactive`). */
  tui: z.nullish(
    z.strictObject({
      /** Entries the Logs screen keeps; older ones are dropped (default 50,000). */
      buffer_lines: z.optional(z.int().check(z.positive())),
    }),
  ),
})

export const AuthIdentitySchema = z.looseObject({
  kind: nonEmpty,
  default: z.optional(z.boolean()),
  via: z.nullish(z.looseObject({ provider: z.optional(z.string()), identity: z.optional(z.string()) })),
  principal: z.nullish(z.record(z.string(), z.unknown())),
  credentials: z.nullish(z.record(z.string(), z.unknown())),
})
export type AuthIdentity = z.infer<typeof AuthIdentitySchema>

export const AuthProviderSchema = z.looseObject({
  kind: nonEmpty,
  region: z.optional(z.string()),
  start_url: z.optional(z.string()),
})
export type AuthProvider = z.infer<typeof AuthProviderSchema>

export const AuthSchema = z.looseObject({
  realm: z.optional(z.string()),
  providers: z.nullish(z.record(z.string(), AuthProviderSchema)),
  identities: z.nullish(z.record(z.string(), AuthIdentitySchema)),
})

const stringList = z.array(z.string())

export const StacksSchema = z.looseObject({
  base_path: z.optional(z.string()),
  included_paths: z.nullish(stringList),
  excluded_paths: z.nullish(stringList),
  name_pattern: z.optional(z.string()),
  name_template: z.optional(z.string()),
})

/** The parts of atmos.yaml we validate; everything else passes through. */
export const AtmosConfigFileSchema = z.looseObject({
  base_path: z.nullish(z.string()),
  stacks: z.nullish(StacksSchema),
  logs: z.nullish(AtmosLogsSchema),
  auth: z.nullish(AuthSchema),
})
