import type { ResolvedSource } from '@atmos-logs/core'
import type { EntryRenderer, TuiEntry } from '@atmos-logs/tui'
import { createFormatter, forTerminal, prefixLabel } from '../output/index.js'
import { readableJson } from '../output/readable-message.js'
import { prefixModeFor } from '../read/tag.js'

/**
 * How the interactive view shows entries: the pretty formatter of `view`/`tail` (same prefixes,
 * colours, timestamps), compact or with JSON indented and its message first, every line scrubbed
 * of the run's secrets.
 */
export function entryRenderer(
  sources: readonly ResolvedSource[],
  opts: { color: boolean; utc: boolean; timestampFormat?: string; scrub(text: string): string },
): EntryRenderer {
  const prefixes = prefixModeFor([...sources])
  const knownLabels = sources.flatMap(
    (s) =>
      prefixLabel(
        {
          timestamp: new Date(0),
          message: '',
          source: s.name,
          kind: s.kind,
          component: s.component,
          stack: s.stack,
        },
        prefixes,
      ) ?? [],
  )
  const make = (color: boolean, expandJson: boolean) =>
    createFormatter({
      format: 'pretty',
      color,
      utc: opts.utc,
      timestampFormat: opts.timestampFormat,
      prefixes,
      knownLabels,
      expandJson,
    })
  const compact = make(opts.color, false)
  const expanded = make(opts.color, true)
  const plain = make(false, false)
  const text = (formatted: string | undefined) => opts.scrub((formatted ?? '').replace(/\n$/, ''))
  return {
    lines(entry, expandJson) {
      const formatted = expandJson
        ? expanded.format({ ...entry, message: messageFirst(entry.message) })
        : compact.format(entry)
      return text(formatted).split('\n')
    },
    plain: (entry) => text(plain.format(entry)).replace(/\n\s*/g, ' '),
    levelOf: (entry) => entry.level ?? readableJson(entry.message)?.level,
    detail: (entry) => detailLines(entry, opts.scrub),
  }
}

/** A JSON object message re-laid with its message field first; anything else as it is. */
function messageFirst(message: string): string {
  if (!message.trimStart().startsWith('{')) return message
  try {
    const value = JSON.parse(message) as Record<string, unknown>
    if (!value || typeof value !== 'object' || Array.isArray(value)) return message
    const key = ['message', 'msg'].find((k) => k in value)
    if (!key) return message
    const { [key]: first, ...rest } = value
    return JSON.stringify({ [key]: first, ...rest })
  } catch {
    return message
  }
}

/** The detail view of one entry: every field, the message in full, the metadata as JSON. */
function detailLines(entry: TuiEntry, scrub: (text: string) => string): string[] {
  const clean = (t: string) => scrub(forTerminal(t, { keepColour: false }))
  const out = [
    `time        ${entry.timestamp.toISOString()}`,
    `level       ${entry.level ?? readableJson(entry.message)?.level ?? '-'}`,
    `stack       ${entry.stack ?? '-'}`,
    `component   ${entry.component ?? '-'}`,
    `source      ${entry.source} (${entry.kind})`,
  ]
  if (entry.id) out.push(`id          ${clean(entry.id)}`)
  if (entry.requestId) out.push(`request id  ${clean(entry.requestId)}`)
  if (entry.late) out.push('late        arrived after newer entries')
  out.push('', 'message')
  let message = entry.message
  try {
    if (message.trimStart().startsWith('{'))
      message = JSON.stringify(JSON.parse(messageFirst(message)), null, 2)
  } catch {
    // not JSON after all: shown as it is
  }
  for (const line of clean(message).split('\n')) out.push(`  ${line}`)
  if (entry.metadata && Object.keys(entry.metadata).length > 0) {
    out.push('', 'metadata')
    for (const line of clean(JSON.stringify(entry.metadata, null, 2)).split('\n')) out.push(`  ${line}`)
  }
  return out
}

/** The key a source is pinned by: the same source in later runs, whatever else changed. */
export function sourceKey(s: Pick<ResolvedSource, 'stack' | 'component' | 'name'>): string {
  return `${s.stack ?? '-'}/${s.component ?? '-'}/${s.name}`
}
