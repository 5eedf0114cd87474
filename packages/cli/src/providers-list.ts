import type { ProviderRegistry } from '@atmos-logs/core/registry'
import { renderTable } from './table.js'

/**
 * What `atmos logs providers` prints: the table (or JSON) on stdout, or a notice on stderr when no
 * kind is installed. Shared by the command and its answer without oclif (fast-providers.ts).
 */
export function providersListing(
  registry: ProviderRegistry,
  json: boolean,
): { stdout?: string; notice?: string } {
  const rows = registry.list()
  if (json) return { stdout: `${JSON.stringify(rows, null, 2)}\n` }
  if (rows.length === 0)
    return { notice: 'No log providers are installed. Add one with `atmos plugins install <name>`.' }
  return {
    stdout: renderTable(
      ['KIND', 'CAPABILITIES', 'PLUGIN', 'DESCRIPTION'],
      rows.map((r) => [
        r.kind,
        r.capabilities.join(','),
        r.type === 'core' ? r.plugin : `${r.plugin} (${r.type})`,
        r.description,
      ]),
    ),
  }
}
