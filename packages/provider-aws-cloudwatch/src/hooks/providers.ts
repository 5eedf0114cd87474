import type { ProviderContext, ProviderRegistration } from '@atmos-logs/core'

/**
 * The `atmos-logs:providers` oclif hook. Loading it must stay cheap: the AWS SDK is only imported
 * when a provider is actually created.
 */
const registration: ProviderRegistration = {
  apiVersion: 1,
  kind: 'aws/cloudwatch',
  description: 'AWS CloudWatch Logs: view, search and tail log groups (Live Tail), Logs Insights queries',
  capabilities: ['list', 'get', 'tail', 'query'],
  create: async (ctx: ProviderContext) => {
    const { CloudWatchProvider } = await import('../provider.js')
    const provider = new CloudWatchProvider(ctx)
    provider.validate()
    return provider
  },
}

export default async function providers(): Promise<ProviderRegistration> {
  return registration
}
