import type { ProviderRegistration } from '@atmos-logs/core/contract'
import { CAPABILITIES, KIND } from '../kind.js'

/**
 * The `atmos-logs:providers` hook (package.json `oclif.hooks`): the CLI runs it before every command
 * that reads logs, so it stays cheap. The provider's code, and any SDK it needs, is imported only
 * when a source of this kind is opened.
 */
const registration: ProviderRegistration = {
  apiVersion: 1,
  kind: KIND,
  description: '{{description}}',
  capabilities: CAPABILITIES,
  // Spec keys whose values are secrets (a token, headers): the CLI masks them wherever it prints.
  secretSpecKeys: [],
  async create(ctx) {
    const { MemoryProvider } = await import('../provider.js')
    return new MemoryProvider(ctx)
  },
}

export default async function providers(): Promise<ProviderRegistration[]> {
  return [registration]
}
