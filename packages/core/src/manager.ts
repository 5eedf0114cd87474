import type { Credentials, GetLogsOptions, LogEntry, Logger, Provider, TailOptions } from './contract.js'
import { isQueryProvider, isStreamingProvider } from './contract.js'
import { ConfigError, isAtmosLogsError, ProviderError, SpecFieldError, UsageError } from './errors.js'
import { pluginFault } from './plugin-fault.js'
import type { ProviderRegistry, RegistrationOrigin } from './registry.js'
import { batchesOf, flatten } from './stream/batches.js'

/** What the manager needs to know about a source: the resolver's output, any mode. */
export interface SourceToOpen {
  name: string
  kind: string
  spec: Record<string, unknown>
  component?: string | null
  stack?: string | null
  /** Where the source was declared, for messages ("atmos.yaml", "stack dev, component api"). */
  where?: string
}

export type Operation = 'get' | 'tail' | 'query'

/**
 * Turns a resolved source into a live provider: the registry creates it, it validates its spec,
 * and the operation is checked against what it can do before any API call.
 */
export class ProviderManager {
  /**
   * `logger` is what providers log through; a function gets the source and the plugin, so that a
   * plugin's lines can be labelled with where they come from.
   */
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly logger: Logger | ((source: SourceToOpen, origin: RegistrationOrigin) => Logger),
  ) {}

  async open(
    source: SourceToOpen,
    credentials: Credentials | undefined,
    operation: Operation,
  ): Promise<Provider> {
    const where = source.where ?? `source ${source.name}`
    const { registration, origin } = this.registry.require(source.kind, where)
    if (!registration.capabilities.includes(operation)) {
      throw new UsageError(
        `Source ${source.name} (${source.kind}) cannot ${describe(operation)}: ${origin.plugin} supports ${registration.capabilities.join(', ')}.`,
        { hint: hintFor(operation) },
      )
    }
    let provider: Provider
    try {
      provider = await registration.create({
        name: source.name,
        spec: source.spec,
        credentials,
        logger: typeof this.logger === 'function' ? this.logger(source, origin) : this.logger,
      })
    } catch (err) {
      if (origin.type !== 'core') throw pluginFault(err, source, origin, 'start')
      throw wrapProviderFailure(
        err,
        `Could not start provider ${source.kind} for source ${source.name}`,
        origin.plugin,
      )
    }
    try {
      await provider.validate()
    } catch (err) {
      await provider.close().catch(() => {})
      throw invalidSource(err, source, origin)
    }
    if (operation === 'tail' && !isStreamingProvider(provider)) {
      await provider.close().catch(() => {})
      throw new UsageError(
        `Source ${source.name} (${source.kind}) declares tail but does not implement tailLogs.`,
      )
    }
    if (operation === 'query' && !isQueryProvider(provider)) {
      await provider.close().catch(() => {})
      throw new UsageError(
        `Source ${source.name} (${source.kind}) declares query but does not implement executeQuery.`,
      )
    }
    return provider
  }

  /** Streams entries for one source, closing the provider when the stream ends or is abandoned. */
  stream(
    source: SourceToOpen,
    credentials: Credentials | undefined,
    operation: 'get' | 'tail',
    options: GetLogsOptions | TailOptions,
  ): AsyncGenerator<LogEntry> {
    return flatten(this.streamBatches(source, credentials, operation, options))
  }

  /** The same stream in arrays of entries, as the provider hands them out (see stream/batches.ts). */
  async *streamBatches(
    source: SourceToOpen,
    credentials: Credentials | undefined,
    operation: 'get' | 'tail',
    options: GetLogsOptions | TailOptions,
  ): AsyncGenerator<LogEntry[]> {
    const provider = await this.open(source, credentials, operation)
    try {
      const entries =
        operation === 'tail' && isStreamingProvider(provider)
          ? provider.tailLogs(options as TailOptions)
          : provider.getLogs(options)
      yield* batchesOf(entries)
    } catch (err) {
      if (options.signal.aborted) return
      const origin = this.registry.get(source.kind)?.origin
      if (origin && origin.type !== 'core') throw pluginFault(err, source, origin, 'read')
      throw wrapProviderFailure(
        err,
        `Reading source ${source.name} (${source.kind}) failed`,
        origin?.plugin ?? source.kind,
      )
    } finally {
      await provider.close().catch(() => {})
    }
  }
}

/**
 * Each source's spec checked by its kind before anyone signs in (the registration's `checkSpec`),
 * failing as `open` fails for an invalid spec. Kinds without `checkSpec` are checked when opened.
 */
export async function checkSpecs(
  registry: ProviderRegistry,
  sources: readonly SourceToOpen[],
): Promise<void> {
  for (const source of sources) {
    const found = registry.get(source.kind)
    if (!found?.registration.checkSpec) continue
    try {
      await found.registration.checkSpec(source.spec, source.name)
    } catch (err) {
      throw invalidSource(err, source, found.origin)
    }
  }
}

/** A source its provider found invalid: a plugin's fault worded for plugins, ours as a ConfigError. */
function invalidSource(err: unknown, source: SourceToOpen, origin: RegistrationOrigin): Error {
  if (origin.type !== 'core') return pluginFault(err, source, origin, 'validate')
  // Of several stacks' sources of one name, the hint says which declaration to fix.
  if (err instanceof SpecFieldError && source.where)
    return new SpecFieldError(err.message, err.field, {
      hint: `Fix spec.${err.field} of source "${source.name}" in ${source.where}; \`atmos logs sources\` shows the spec after templates.`,
      cause: err.cause,
    })
  if (isAtmosLogsError(err)) return err
  return new ConfigError(
    `Source ${source.name} (${source.where ?? `source ${source.name}`}) is not valid: ${messageOf(err)}`,
    {
      hint: 'Fix the source spec in your configuration; `atmos logs sources` shows the spec after templates.',
    },
  )
}

function describe(op: Operation): string {
  return op === 'get' ? 'read logs' : op === 'tail' ? 'tail logs' : 'run queries'
}

function hintFor(op: Operation): string {
  if (op === 'tail')
    return 'Use `atmos logs view` for this source, or choose a source whose kind supports tail.'
  if (op === 'query')
    return 'Use `atmos logs search --query` with a filter pattern, or a source whose kind supports query.'
  return 'Choose a source whose kind supports reading logs.'
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Errors from providers keep their own exit code when they carry one; anything else is exit 1. */
function wrapProviderFailure(err: unknown, context: string, plugin: string): Error {
  if (isAtmosLogsError(err)) return err
  return new ProviderError(`${context}: ${messageOf(err)}`, {
    cause: err,
    hint: `This came from ${plugin}. Run again with --debug for details.`,
  })
}
