import type { ProviderContext, ProviderRegistration } from '@atmos-logs/core/contract'

/**
 * The `atmos-logs:providers` oclif hook. Loading it must stay cheap: the provider and Google's
 * auth library are only imported when a source of this kind is read.
 */
const registration: ProviderRegistration = {
  apiVersion: 1,
  kind: 'gcp/logging',
  description: 'Google Cloud Logging: a project, folder or organization read with the Logging query language',
  capabilities: ['list', 'get', 'tail', 'query'],
  filter: {
    syntax: 'the Logging query language (severity>=ERROR, jsonPayload.user="bob", AND, OR, NOT)',
    async problem(expression) {
      const { queryProblem } = await import('../filter.js')
      return queryProblem(expression)
    },
  },
  // The spec alone, before sign-in. The identity may give the project: when the spec names no
  // project, folder or organization, a stand-in project lets the rest of it be checked.
  async checkSpec(spec, source) {
    const { parseSpec } = await import('../spec.js')
    const scoped = ['project', 'projects', 'folder', 'organization'].some((k) => spec[k] !== undefined)
    parseSpec(scoped ? spec : { ...spec, project: 'stand-in-project' }, source)
  },
  create: async (ctx: ProviderContext) => {
    const { GcpLoggingProvider } = await import('../provider.js')
    // No validate() here: core's ProviderManager validates every provider it creates, once.
    return new GcpLoggingProvider(ctx)
  },
}

export default async function providers(): Promise<ProviderRegistration> {
  return registration
}
