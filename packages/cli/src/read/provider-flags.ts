import type { ResolvedSource } from '@atmos-logs/core'
import { PROVIDER_FLAG_NAMES } from '../flags.js'
import type { RunnerHost } from '../runner-host.js'

/** --run-id, --job, --step, --failed... mean something to github/actions sources only; say so rather than ignore them silently. */
export function warnUnusedProviderFlags(
  extra: Record<string, unknown>,
  sources: ResolvedSource[],
  host: Pick<RunnerHost, 'notice'>,
): void {
  const flags = Object.keys(extra)
    .map((k) => PROVIDER_FLAG_NAMES[k])
    .filter(Boolean)
  if (flags.length > 0 && !sources.some((s) => s.kind === 'github/actions')) {
    host.notice(
      `Note: ${flags.join(', ')} only apply to github/actions sources; none is selected, so they are ignored.`,
    )
  }
}
