import { UsageError } from '@atmos-logs/core/errors'
import * as Flags from '@oclif/core/flags'
import { readOptionsOf, selectionFlags } from '../flags.js'
import { readRange } from '../read/time-range.js'
import type { RunnerHost } from '../runner-host.js'

/** `view`/`tail --interactive`: the interactive view, open on the Logs screen with what the flags select. */
export const interactiveFlag = {
  interactive: Flags.boolean({
    description:
      'Open the interactive view on these sources, following (needs a terminal). It takes the selection, --since, --filter, --group-requests, --utc/--local and --color.',
  }),
}

/** How many of the newest entries per source the Logs screen reads before following, without a time preset. */
export const BACKFILL_LINES = 500

const ON_STREAMS = 'Pick the run or job on the Streams screen (Tab from Sources).'

/** The read flags the view takes with --interactive; --follow is what it does anyway. */
const TAKEN = new Set([
  'interactive',
  ...Object.keys(selectionFlags),
  'all-sources',
  'since',
  'filter',
  'group-requests',
  'utc',
  'local',
  'color',
  'follow',
])

/** What to do instead, for the flags the view refuses. */
const INSTEAD: Record<string, string> = {
  format: 'The view shows pretty lines; Enter on a line shows the whole entry, y copies it.',
  'log-file': 'The view writes no file; `atmos logs tail --follow --format log --log-file PATH` does.',
  expand: 'Press j in the view to indent JSON messages.',
  until: 'The view follows up to now; 1 to 6 in the view read the last 5m to 7d.',
  limit: 'The view keeps the newest logs.tui.buffer_lines entries.',
  lines: `The view reads the newest ${BACKFILL_LINES} entries of each source, then follows; 1 to 6 read a time range.`,
  timeout: 'The view runs until you quit it (q, or Ctrl-C).',
  summary: 'Use `atmos logs view --summary` outside the view.',
  'filter-for': 'Give --filter when every source takes it, or press f on the Logs screen of one source.',
  'run-id': ON_STREAMS,
  attempt: ON_STREAMS,
  job: ON_STREAMS,
  step: ON_STREAMS,
  failed: ON_STREAMS,
  'exit-status': 'Use `atmos logs tail --follow --exit-status` in scripts.',
  steps: 'Use `atmos logs tail --format json --steps` outside the view.',
}

/**
 * Loads the interactive view (and React with it) only now, for this command line. A read flag the
 * view does not take is refused (exit 2) rather than dropped.
 */
export async function openInteractive(
  flags: Parameters<typeof readOptionsOf>[0],
  args: { component?: string },
  given: readonly string[],
  host: RunnerHost,
): Promise<void> {
  const refused = [...new Set(given)].filter((name) => !TAKEN.has(name))
  if (refused.length > 0) {
    const names = refused.map((n) => `--${n}`).join(', ')
    throw new UsageError(
      `${names} ${refused.length === 1 ? 'does' : 'do'} not apply to the interactive view (--interactive).`,
      {
        hint: [
          ...new Set(refused.map((n) => INSTEAD[n] ?? '')),
          'With --interactive: the selection flags, --since, --filter, --group-requests, --utc/--local and --color.',
        ]
          .filter(Boolean)
          .join(' '),
      },
    )
  }
  const { runInteractive } = await import('./run-interactive.js')
  const options = readOptionsOf(flags, args)
  // The start of the read, checked and worded as the commands check it; the view counts back from now.
  const since = readRange({ operation: 'tail', since: options.since }).flagSince
  process.exitCode = await runInteractive(
    {
      selection: options.selection,
      openLogs: true,
      color: options.color,
      utc: options.utc,
      read: {
        sinceMs: since ? Math.max(0, Date.now() - since.getTime()) : undefined,
        filter: options.filter,
        groupRequests: options.groupRequests,
      },
    },
    host,
  )
}

/** The flags written on the command line (by their long names), for openInteractive. */
export function givenFlags(raw: ReadonlyArray<{ type: string; flag?: string }>): string[] {
  return raw.flatMap((t) => (t.type === 'flag' && t.flag ? [t.flag] : []))
}
