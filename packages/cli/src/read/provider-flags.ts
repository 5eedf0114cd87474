import type { ResolvedSource } from '@atmos-logs/core'
import type { RunnerHost } from '../runner-host.js'

const GITHUB_FLAGS: Record<string, string> = { runId: '--run-id', job: '--job', step: '--step' }

/** --run-id/--job/--step mean something to github/actions sources only; say so rather than ignore them silently. */
export function warnUnusedProviderFlags(
  extra: Record<string, unknown>,
  sources: ResolvedSource[],
  host: Pick<RunnerHost, 'notice'>,
): void {
  const flags = Object.keys(extra)
    .map((k) => GITHUB_FLAGS[k])
    .filter(Boolean)
  if (flags.length > 0 && !sources.some((s) => s.kind === 'github/actions')) {
    host.notice(
      `Note: ${flags.join(', ')} only apply to github/actions sources; none is selected, so they are ignored.`,
    )
  }
}
