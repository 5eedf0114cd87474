/**
 * How pretty output shows CI log lines (github/actions): a `[job › step]` label, the runner's
 * `##[...]` markers turned into presentation — a group header once as a bold heading, its
 * `##[endgroup]` not at all, `##[command]` lines dimmed, and the level markers dropped (the level
 * column already says ERROR or WARN). json and raw keep the line exactly as GitHub stored it.
 */
import type { TaggedEntry } from './tagged-entry.js'

export interface CiLine {
  /** `job › step`, or `job` when the step is not known. */
  label: string
  message: string
  style: 'plain' | 'header' | 'command' | 'hidden'
}

const LEVEL_MARKER = /^##\[(error|warning|debug|notice)\]/

export function ciLine(entry: TaggedEntry): CiLine | undefined {
  if (entry.kind !== 'github/actions') return undefined
  const job = entry.metadata?.job
  if (typeof job !== 'string') return undefined
  const step = entry.metadata?.step
  const label = typeof step === 'string' && step !== '' ? `${job} › ${step}` : job
  const text = entry.message
  if (text.startsWith('##[group]')) return { label, message: text.slice('##[group]'.length), style: 'header' }
  if (text.startsWith('##[endgroup]')) return { label, message: '', style: 'hidden' }
  if (text.startsWith('##[command]'))
    return { label, message: text.slice('##[command]'.length), style: 'command' }
  return { label, message: text.replace(LEVEL_MARKER, ''), style: 'plain' }
}
