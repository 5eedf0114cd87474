import type { ProviderRegistration } from '@atmos-logs/core/contract'

/**
 * The `atmos-logs:providers` hook: returns the registration for kind `local/file`.
 * It stays cheap to load; the provider's code is imported only when a source is opened.
 */
const registration: ProviderRegistration = {
  apiVersion: 1,
  kind: 'local/file',
  description: 'Local log files, plain text or NDJSON; spec.path may be a glob',
  capabilities: ['list', 'get', 'tail'],
  // Optional in contract v1: what --filter means here, so a mixed view can tell which sources take it.
  filter: { syntax: 'text the line contains' },
  async create(ctx) {
    const { LocalFileProvider } = await import('../provider.js')
    return new LocalFileProvider(ctx)
  },
}

export default async function providers(): Promise<ProviderRegistration[]> {
  return [registration]
}
