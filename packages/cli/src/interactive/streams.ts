import type { LogSourceInfo, ResolvedSource } from '@atmos-logs/core'
import type { StreamChoice } from '@atmos-logs/tui'

/**
 * The Streams screen's rows from a provider's listSources(), and how choosing one narrows the
 * read. Narrowing speaks each built-in kind's own spec (a CloudWatch stream, a CloudTrail event
 * source, a GitHub workflow or run); another kind's rows are listed and open the whole source.
 */
export function streamChoices(sourceKey: string, kind: string, infos: LogSourceInfo[]): StreamChoice[] {
  const out: StreamChoice[] = []
  for (const info of infos) {
    const meta = info.metadata ?? {}
    switch (kind) {
      case 'aws/cloudwatch': {
        const group = String(meta.logGroup ?? info.name)
        out.push({ sourceKey, name: group, description: info.description, depth: 0, spec: groupSpec(group) })
        const streams = Array.isArray(meta.streams) ? (meta.streams as Array<Record<string, unknown>>) : []
        for (const s of streams) {
          if (typeof s.name !== 'string') continue
          const last = typeof s.lastEventTimestamp === 'number' ? new Date(s.lastEventTimestamp) : undefined
          out.push({
            sourceKey,
            name: s.name,
            description: last ? `last event ${last.toISOString()}` : undefined,
            depth: 1,
            spec: { ...groupSpec(group), streams: [s.name] },
          })
        }
        break
      }
      case 'aws/cloudtrail':
        out.push({
          sourceKey,
          name: info.name,
          description: info.description,
          depth: 0,
          spec: { event_source: String(meta.eventSource ?? info.name) },
        })
        break
      case 'github/actions':
        out.push({
          sourceKey,
          name: info.name,
          description: info.description,
          depth: meta.kind === 'run' ? 1 : 0,
          ...(meta.kind === 'run'
            ? { extra: { runId: String(meta.runId) } }
            : {
                spec: {
                  workflow: String(meta.path ?? info.name)
                    .split('/')
                    .pop(),
                },
              }),
        })
        break
      default:
        out.push({ sourceKey, name: info.name, description: info.description, depth: 0 })
    }
  }
  return out
}

/** One log group, whatever the source's spec named (a pattern, a list, a stream prefix). */
function groupSpec(group: string): Record<string, unknown> {
  return { log_group: group, log_groups: undefined, stream_prefix: undefined, streams: undefined }
}

/** The source with the chosen stream's spec over its own. */
export function narrowTo(source: ResolvedSource, choice: StreamChoice): ResolvedSource {
  if (!choice.spec) return source
  const spec: Record<string, unknown> = { ...source.spec }
  for (const [key, value] of Object.entries(choice.spec)) {
    if (value === undefined) delete spec[key]
    else spec[key] = value
  }
  return { ...source, spec }
}
