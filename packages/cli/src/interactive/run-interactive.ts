import { listSourceRows, loadAtmosConfig, type SourceSelector } from '@atmos-logs/core'
import { AtmosLogsError, ConfigError, ExitCode, isAtmosLogsError, UsageError } from '@atmos-logs/core/errors'
import type { OpenOptions } from '@atmos-logs/tui'
import { noSourcesFound } from '../no-sources.js'
import { decideColor } from '../output/index.js'
import { filtersFor } from '../read/filters.js'
import type { RunnerHost } from '../runner-host.js'
import { resolveSelection } from '../selection.js'
import { CliTuiBackend } from './backend.js'
import { sourceKey } from './renderer.js'

/** `tui.buffer_lines` when atmos.yaml does not set it. */
export const DEFAULT_BUFFER_LINES = 50_000

export interface InteractiveRequest {
  /** What the Sources screen lists: the rows `atmos logs sources` would list for it. */
  selection: SourceSelector
  /** `view`/`tail --interactive`: open straight on the Logs screen with what the selection reads. */
  openLogs: boolean
  color?: boolean
  /** --utc / --local over the sources' own setting. */
  utc?: boolean
  /** How the opened sources are read (--since, --filter, --group-requests). */
  read?: OpenOptions
}

/**
 * `--interactive`: checks for a terminal, resolves the sources through the same selection code as
 * the commands, then loads the interactive view (React and Ink load here and only here) and runs
 * it until the user quits. Returns the exit code.
 */
export async function runInteractive(req: InteractiveRequest, host: RunnerHost): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new UsageError('The interactive view needs a terminal: stdin and stdout must both be a TTY.', {
      hint: 'Run it in a terminal, or use `atmos logs tail --follow` (or `atmos logs view`) with the same selection in scripts and pipes.',
    })
  }
  // The rows of `atmos logs sources`: atmos.yaml's own sources and every stack's, or the stacks named.
  const config = await loadAtmosConfig()
  for (const w of config.warnings) host.notice(`Warning: ${w}`)
  const { sources, stacks } = await listSourceRows(config, req.selection, {
    notice: (m) => host.notice(m),
    selfPath: process.argv[1],
  })
  // A full screen with nothing on it would not say why, nor what to add: say it before taking it.
  if (sources.length === 0) {
    const { message, hint } = noSourcesFound(stacks, !req.selection.stack && !req.selection.component)
    throw new ConfigError(message, { hint })
  }
  const opened = req.openLogs ? (await resolveSelection(req.selection, host)).sources : []
  // --filter is put to each opened source's kind before the screen is taken, as `logs view` puts it.
  if (req.read?.filter) {
    await filtersFor({ filter: req.read.filter }, opened, host.registry, {
      severalFix:
        'Select only the sources that take it, or leave --filter out and press f on the Logs screen of one source.',
    })
  }
  const color = decideColor({
    flag: req.color,
    setting: sources[0]?.settings.colorize,
    env: process.env,
    isTTY: true,
  })

  // While the view owns the screen, notices and warnings go to its status bar, not over it.
  const shown: string[] = []
  const viewHost: RunnerHost = {
    ...host,
    notice: (m) => shown.push(host.scrub(m)),
    logger: {
      debug: () => {},
      info: () => {},
      warn: (o, m) => shown.push(host.scrub(typeof o === 'string' ? o : (m ?? ''))),
      error: (o, m) => shown.push(host.scrub(typeof o === 'string' ? o : (m ?? ''))),
    },
  }
  const backend = new CliTuiBackend({ config, sources, host: viewHost, color, utc: req.utc })
  const tui = await loadTui()
  try {
    return await tui.runTui({
      backend,
      title: titleOf(req.selection),
      open: opened.map((s) => backend.toTui(s)).filter((s) => sources.some((x) => sourceKey(x) === s.key)),
      read: req.read,
      pins: tui.filePinStore(tui.pinsFile()),
      bufferLines: config.logs.tui?.buffer_lines ?? DEFAULT_BUFFER_LINES,
      color,
    })
  } catch (err) {
    // A bug (ours, or a plugin's timer): say that the view stopped on it and how to see where it was thrown.
    if (isAtmosLogsError(err)) throw err
    throw new AtmosLogsError(
      `The interactive view stopped on an unexpected error: ${err instanceof Error ? err.message : String(err)}`,
      ExitCode.PROVIDER,
      { hint: 'Run the same command with --debug to see where it was thrown.', cause: err },
    )
  } finally {
    // What was said while the screen was taken, on the restored terminal (before any error).
    for (const line of [...new Set(shown)]) host.notice(line)
  }
}

/**
 * The view's package. Two things are decided from the environment at import: Ink reads CI to draw
 * only the last frame (on a terminal the user asked for, it must draw), and React and its
 * reconciler pick their development build unless NODE_ENV is production (that build's checks
 * about double a key press's CPU). Both are set for the import only, then put back.
 */
export async function loadTui(): Promise<typeof import('@atmos-logs/tui')> {
  const saved = {
    CI: process.env.CI,
    CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION,
    NODE_ENV: process.env.NODE_ENV,
  }
  delete process.env.CI
  delete process.env.CONTINUOUS_INTEGRATION
  process.env.NODE_ENV = 'production'
  try {
    return await import('@atmos-logs/tui')
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}

function titleOf(selection: SourceSelector): string {
  return selection.stack ? `stack ${selection.stack}` : 'every stack'
}
