import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT, tempDirSync } from './cli.js'

let linked: string | undefined

/**
 * A data directory in which the workspace's @atmos-logs/provider-gcp is a linked plugin, as
 * `atmos plugins link` leaves it: for tests of what the kind does, not of how it is installed
 * (plugins-gcp.test.ts installs it from a registry). The environment that selects it.
 */
export function linkedGcpPlugin(): { ATMOS_DATA_DIR: string } {
  if (!linked) {
    linked = tempDirSync('atmos-gcp-linked-')
    const root = path.join(REPO_ROOT, 'packages/provider-gcp')
    writeFileSync(
      path.join(linked, 'package.json'),
      JSON.stringify({
        oclif: { schema: 1, plugins: [{ name: '@atmos-logs/provider-gcp', type: 'link', root }] },
      }),
    )
  }
  return { ATMOS_DATA_DIR: linked }
}
