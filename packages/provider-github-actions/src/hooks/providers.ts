import type { ProviderContext, ProviderRegistration } from '@atmos-logs/core/contract'

/**
 * The `atmos-logs:providers` oclif hook. Loading it must stay cheap: octokit is only imported when
 * a provider is actually created.
 */
const registration: ProviderRegistration = {
  apiVersion: 1,
  kind: 'github/actions',
  description: 'GitHub Actions: the log lines of workflow runs, job by job, live while a run goes on',
  capabilities: ['list', 'get', 'tail'],
  // Runs, jobs and steps are chosen with --run-id, --job, --step and --failed; lines are not filtered.
  filter: false,
  // tail --follow --exit-status ends when the followed run completes: 0 on success, 1 otherwise.
  exitStatus: true,
  // --limit N reads up to N runs (the spec's max_runs without it), each whole.
  limitCounts: 'runs',
  // The spec alone, before sign-in: a misspelt field is said before any sign-in prompt.
  async checkSpec(spec, source) {
    const { parseSpec } = await import('../spec.js')
    parseSpec(spec, source)
  },
  create: async (ctx: ProviderContext) => {
    const { GitHubActionsProvider } = await import('../provider.js')
    // No validate() here: core's ProviderManager validates every provider it creates, once.
    return new GitHubActionsProvider(ctx)
  },
}

export default async function providers(): Promise<ProviderRegistration> {
  return registration
}
