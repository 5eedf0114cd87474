import type { SourceSelector } from '@atmos-logs/core'
import { UsageError } from '@atmos-logs/core/errors'
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

/** The component as atmos commands take it: `atmos logs view api -s dev`, like `atmos terraform plan vpc -s dev`. */
export const componentArg = {
  component: Args.string({
    description: 'The component (same as --component): a name, several separated by commas, or a glob.',
    required: false,
  }),
}

/** Which sources a command reads: the same for view, tail, search and sources. */
export const selectionFlags = {
  stack: Flags.string({
    char: 's',
    description:
      "Stack name, as atmos computes it (e.g. dev, plat-ue2-dev); a list or a glob ('plat-*-dev') reads the components in each stack that has them.",
  }),
  component: Flags.string({
    char: 'c',
    description: "Component, several separated by commas, or a glob ('api-*').",
  }),
  'all-components': Flags.boolean({
    description: 'Every component of the stack that has a logs block (abstract ones excluded).',
    dependsOn: ['stack'],
    exclusive: ['component'],
  }),
  source: Flags.string({
    description:
      "The log source name, several separated by commas, or a glob ('app*'); without it the default source is used.",
  }),
  identity: Flags.string({
    description:
      "The atmos auth identity to sign in as for this run, in place of each source's own (it must be in auth.identities).",
  }),
}

const TIME_HELP =
  'Go duration (90s, 15m, 1h30m), days or weeks (2d, 1w), RFC 3339 or ISO date (no zone means local time), or epoch seconds/milliseconds.'

/** How entries are read and printed: view, tail and search. */
export const readFlags = {
  ...selectionFlags,
  'all-sources': Flags.boolean({
    description:
      'Every source of each selected component (any mix of kinds), merged in time order; prefixes say [component/source].',
    exclusive: ['source'],
  }),
  since: Flags.string({
    description: `Start of the time range (default: the default_since setting, 15m). ${TIME_HELP}`,
  }),
  until: Flags.string({ description: `End of the time range (default: now). ${TIME_HELP}` }),
  limit: Flags.integer({
    description:
      'At most this many entries, over all sources together (github/actions sources: at most this many runs, each whole).',
    min: 1,
  }),
  timeout: Flags.string({
    description:
      'End the whole command after this long (30s, 5m, 1h): a read that has not finished exits 1, a follow ends. Default: logs.settings.timeout, else none.',
  }),
  filter: Flags.string({
    description:
      "Filter in the provider's own syntax, applied server side. With several kinds, every selected source must take it (else exit 2 naming the one that cannot); see --filter-for.",
  }),
  'filter-for': Flags.string({
    description:
      "SOURCE=EXPR: this source's own filter, in its kind's syntax (repeatable). SOURCE is a source name, a glob, or component/source; an empty EXPR reads that source unfiltered.",
    multiple: true,
  }),
  format: Flags.string({ description: 'Output format.', options: ['pretty', 'json', 'raw', 'log'] }),
  'log-file': Flags.string({
    description:
      'With --format log: write the entries here (a path, /dev/stdout or /dev/stderr). Default: stdout, or the file that atmos.yaml logs.file / ATMOS_LOGS_FILE names (a standard stream there means stdout).',
  }),
  utc: Flags.boolean({ description: 'Show times in UTC.', exclusive: ['local'] }),
  local: Flags.boolean({ description: 'Show times in local time (the pretty default).', exclusive: ['utc'] }),
  color: Flags.boolean({
    description: 'Colour output (default: on a terminal, unless NO_COLOR is set).',
    allowNo: true,
  }),
  expand: Flags.boolean({ description: 'Pretty-print JSON messages over several lines.' }),
  'group-requests': Flags.boolean({
    description:
      "aws/cloudwatch (Lambda): each invocation's lines together from START to REPORT, the REPORT's duration and memory on the START line. Follow prints an invocation when its REPORT comes, or after 15s without it.",
  }),
  'run-id': Flags.string({
    description: 'github/actions: the workflow run id (default: the most recent run).',
  }),
  attempt: Flags.integer({
    description: 'github/actions: the attempt of --run-id (default: the latest).',
    min: 1,
    dependsOn: ['run-id'],
  }),
  job: Flags.string({
    description: "github/actions: jobs by name, a case-insensitive glob ('test (20, *)').",
  }),
  step: Flags.string({ description: "github/actions: steps by name, a case-insensitive glob ('Deploy*')." }),
  failed: Flags.boolean({ description: 'github/actions: only the failed steps of failed jobs.' }),
}

/** view and search: a summary instead of the entries. */
export const summaryFlag = {
  summary: Flags.boolean({
    description:
      'Instead of the entries: per source, counts by level, the first and last timestamp, and the 5 most repeated ERROR messages (ids, numbers and times set aside). Pretty or --format json.',
  }),
}

/** tail only: what following a CI run adds. */
export const followCiFlags = {
  'exit-status': Flags.boolean({
    description:
      'github/actions, with --follow: exit when the run completes, 0 if it succeeded and 1 if not (to gate a script).',
    dependsOn: ['follow'],
  }),
  steps: Flags.boolean({
    description:
      'github/actions, with --format json: also print step starts and conclusions as "type": "step" records.',
  }),
}

type SelectionFlags = {
  stack?: string
  component?: string
  'all-components'?: boolean
  source?: string
  identity?: string
}
type ReadFlags = SelectionFlags & {
  'all-sources'?: boolean
  timeout?: string
  since?: string
  until?: string
  limit?: number
  filter?: string
  'filter-for'?: string[]
  format?: string
  'log-file'?: string
  utc?: boolean
  local?: boolean
  color?: boolean
  expand?: boolean
  'group-requests'?: boolean
  'run-id'?: string
  attempt?: number
  job?: string
  step?: string
  failed?: boolean
}

/** The selection from flags and the positional component (the two must agree when both are given). */
export function selectionOf(flags: SelectionFlags, args: { component?: string } = {}): SourceSelector {
  if (args.component && flags.component && args.component !== flags.component) {
    throw new UsageError(
      `The component is given twice, as '${args.component}' and as --component ${flags.component}.`,
      { hint: 'Name it once: `atmos logs view COMPONENT -s STACK`, or with --component.' },
    )
  }
  if (args.component && flags['all-components']) {
    throw new UsageError(`--all-components cannot be used with a component ('${args.component}').`, {
      hint: 'Name components, or ask for all of them, not both.',
    })
  }
  return {
    stack: flags.stack,
    component: args.component ?? flags.component,
    allComponents: flags['all-components'],
    source: flags.source,
    identity: flags.identity,
  }
}

/** What view, tail and search share: parsed flags as the read pipeline takes them. */
export function readOptionsOf(flags: ReadFlags, args: { component?: string } = {}) {
  return {
    selection: { ...selectionOf(flags, args), allSources: flags['all-sources'] === true },
    since: flags.since,
    until: flags.until,
    limit: flags.limit,
    timeout: flags.timeout,
    filter: flags.filter,
    filterFor: flags['filter-for'],
    format: flags.format,
    logFile: flags['log-file'],
    utc: flags.utc ? true : flags.local ? false : undefined,
    color: flags.color,
    expand: flags.expand,
    groupRequests: flags['group-requests'] === true,
    extra: providerExtras(flags),
  }
}

/** tail's extra flags on top of readOptionsOf. */
export function tailOptionsOf(
  flags: Parameters<typeof readOptionsOf>[0] & {
    lines?: number
    follow?: boolean
    steps?: boolean
    'exit-status'?: boolean
  },
  args: { component?: string } = {},
) {
  const base = readOptionsOf(flags, args)
  return {
    ...base,
    operation: 'tail' as const,
    follow: flags.follow === true,
    lines: flags.lines,
    steps: flags.steps === true,
    extra: { ...base.extra, ...providerExtras(flags) },
  }
}

/** Provider-specific flags reach providers as extra GetLogsOptions keys, named as the contract names them. */
export function providerExtras(flags: {
  'run-id'?: string
  attempt?: number
  job?: string
  step?: string
  failed?: boolean
  'exit-status'?: boolean
}): Record<string, unknown> {
  const extra: Record<string, unknown> = {}
  if (flags['run-id']) extra.runId = flags['run-id']
  if (flags.attempt !== undefined) extra.attempt = flags.attempt
  if (flags.job) extra.job = flags.job
  if (flags.step) extra.step = flags.step
  if (flags.failed) extra.failed = true
  if (flags['exit-status']) extra.exitStatus = true
  return extra
}

/** The provider flags' names, by the extra key they become (for the notice when no source uses them). */
export const PROVIDER_FLAG_NAMES: Record<string, string> = {
  runId: '--run-id',
  attempt: '--attempt',
  job: '--job',
  step: '--step',
  failed: '--failed',
  exitStatus: '--exit-status',
}

/** The exit codes every reading command documents in its --help. */
export const EXIT_CODES_HELP =
  'Exit codes: 0 done (also when nothing matched), 1 a provider or API failed, 2 usage or configuration error, 3 credentials missing or expired, 130 interrupted.'
