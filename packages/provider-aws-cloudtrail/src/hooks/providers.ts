import type { ProviderContext, ProviderRegistration } from '@atmos-logs/core/contract'

/**
 * The `atmos-logs:providers` oclif hook. Loading it must stay cheap: the AWS SDK is only imported
 * when a provider is actually created.
 */
const registration: ProviderRegistration = {
  apiVersion: 1,
  kind: 'aws/cloudtrail',
  description:
    "AWS CloudTrail: who changed what, from LookupEvents or a trail's CloudWatch Logs group, in order",
  capabilities: ['list', 'get', 'tail'],
  create: async (ctx: ProviderContext) => {
    const { CloudTrailProvider } = await import('../provider.js')
    // No validate() here: core's ProviderManager validates every provider it creates, once.
    return new CloudTrailProvider(ctx)
  },
}

export default async function providers(): Promise<ProviderRegistration> {
  return registration
}
