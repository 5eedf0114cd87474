import { listSourceRows, loadAtmosConfig, maskSpec } from '@atmos-logs/core'
import * as Flags from '@oclif/core/flags'
import { BaseCommand } from '../../base-command.js'
import { componentArg, selectionFlags, selectionOf } from '../../flags.js'
import { noSourcesFound } from '../../no-sources.js'
import { brokenPluginKindError, whereOf } from '../../selection.js'
import { renderTable } from '../../table.js'

/** Rows shown when every stack is listed and no --limit is given: enough to see, not a flood. */
const DEFAULT_ROWS = 50

export default class LogsSources extends BaseCommand {
  static override summary = 'List the log sources a selection resolves to, with their specs after templates.'
  static override description =
    "Without --stack, lists atmos.yaml's sources and those of every stack (at most 50 rows unless --limit says otherwise). --stack takes a name, a list (dev,prod) or a glob ('plat-*-dev')."
  static override examples = [
    '<%= config.bin %> logs sources',
    '<%= config.bin %> logs sources api -s dev --json',
    "<%= config.bin %> logs sources -s 'plat-*-dev'",
  ]
  static override args = componentArg
  static override flags = {
    ...selectionFlags,
    stack: Flags.string({
      char: 's',
      description: "Stack name, several separated by commas, or a glob ('plat-*-dev'); default: every stack.",
    }),
    // Here a filter on the rows: without it every source is listed, not only the default one.
    source: Flags.string({
      description: "Only the sources of this name, several separated by commas, or a glob ('app*').",
    }),
    limit: Flags.integer({
      description: `At most this many rows (default: ${DEFAULT_ROWS} when listing every stack in a table).`,
      min: 1,
    }),
    json: Flags.boolean({
      description:
        'Print a JSON array: per source its stack, component, name, kind, description (when it has one), identity, default, spec (templates rendered) and effective settings.',
    }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(LogsSources)
    const selection = selectionOf(flags, args)
    const config = await loadAtmosConfig()
    for (const w of config.warnings) this.notice(`Warning: ${w}`)
    const everyStack = !selection.stack && !selection.component
    const limit = flags.limit ?? (everyStack && !flags.json ? DEFAULT_ROWS : undefined)
    const listing = await listSourceRows(config, selection, {
      notice: (m) => this.notice(m),
      limit,
      selfPath: process.argv[1],
    })
    const { registry, broken } = await this.providers()
    // A source no installed plugin can read is listed, marked, and explained once per kind.
    const missing = new Set<string>()
    for (const s of listing.sources) {
      if (registry.get(s.kind) || missing.has(s.kind)) continue
      missing.add(s.kind)
      const brokenPluginError = brokenPluginKindError(s, registry, broken)
      if (brokenPluginError) {
        this.notice(`Warning: ${brokenPluginError.message} ${brokenPluginError.hint}`)
        continue
      }
      try {
        registry.require(s.kind, `source '${s.name}' of ${whereOf(s)}`)
      } catch (err) {
        const { message, hint } = err as Error & { hint?: string }
        this.notice(`Warning: ${message}${hint ? ` ${hint}` : ''}`)
      }
    }
    const rows = listing.sources.map((s) => ({
      component: s.component,
      stack: s.stack,
      name: s.name,
      kind: s.kind,
      ...(s.description !== undefined ? { description: s.description } : {}),
      identity: s.identity,
      default: s.default,
      spec: maskSpec(s.spec, registry.get(s.kind)?.registration.secretSpecKeys, '****'),
      settings: s.settings,
    }))
    if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
    else if (rows.length > 0) {
      process.stdout.write(
        renderTable(
          ['STACK', 'COMPONENT', 'SOURCE', 'KIND', 'IDENTITY', 'SPEC'],
          rows.map((r) => [
            r.stack ?? '-',
            r.component ?? '-',
            r.default ? `${r.name} (default)` : r.name,
            missing.has(r.kind) ? `${r.kind} (not installed)` : r.kind,
            r.identity ?? '-',
            Object.entries(r.spec)
              .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
              .join(' '),
          ]),
        ),
      )
    }
    if (listing.total > rows.length) {
      this.notice(
        `Showing ${rows.length} of ${listing.total} log sources${listing.stacks.length > 1 ? ` in ${listing.stacks.length} stacks` : ''}. Narrow with --stack (a name, a list or a glob such as 'plat-*-dev') or a component, or raise --limit.`,
      )
    } else if (rows.length === 0 && !flags.json) {
      const { message, hint } = noSourcesFound(listing.stacks, everyStack)
      this.notice(`${message} ${hint}`)
    }
  }
}
