import type { ProviderContext, ProviderRegistration } from '@atmos-logs/core/contract'

/**
 * The `atmos-logs:providers` oclif hook. Loading it must stay cheap: the AWS SDK is only imported
 * when a provider is actually created.
 */
const registration: ProviderRegistration = {
  apiVersion: 1,
  kind: 'aws/cloudwatch',
  description: 'AWS CloudWatch Logs: view, search and tail log groups (Live Tail), Logs Insights queries',
  capabilities: ['list', 'get', 'tail', 'query'],
  // Any text is a pattern (a term); the service itself rejects a malformed one.
  filter: { syntax: 'CloudWatch Logs filter pattern' },
  // The spec alone, before sign-in: a misspelt field is said before any sign-in prompt.
  async checkSpec(spec, source) {
    const { parseSpec } = await import('../spec.js')
    parseSpec(spec, source)
  },
  create: async (ctx: ProviderContext) => {
    const { CloudWatchProvider } = await import('../provider.js')
    // No validate() here: core's ProviderManager validates every provider it creates, once.
    return new CloudWatchProvider(ctx)
  },
}

export default async function providers(): Promise<ProviderRegistration> {
  return registration
}
