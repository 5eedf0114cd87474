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
  filter: {
    syntax: 'Attribute=Value terms (EventName, Username, ResourceName, ...)',
    async problem(expression) {
      const { parseFilterTerms } = await import('../attributes.js')
      try {
        parseFilterTerms(expression, 'the filter')
        return undefined
      } catch (error) {
        // The message and its hint (which attributes there are) in one sentence pair.
        const { message, hint } = error as Error & { hint?: string }
        return hint ? `${message} ${hint}` : message
      }
    },
  },
  // The spec alone, before sign-in: a misspelt field is said before any sign-in prompt.
  async checkSpec(spec, source) {
    const { parseSpec } = await import('../spec.js')
    parseSpec(spec, source)
  },
  create: async (ctx: ProviderContext) => {
    const { CloudTrailProvider } = await import('../provider.js')
    // No validate() here: core's ProviderManager validates every provider it creates, once.
    return new CloudTrailProvider(ctx)
  },
}

export default async function providers(): Promise<ProviderRegistration> {
  return registration
}
