import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import { ConfigError, CredentialsError } from '../errors.js'
import { listSourceRows } from './listing.js'
import { resolveSources } from './resolve.js'

const PROJECT = join(import.meta.dirname, '../../test/fixtures/logs-project')
const load = () => loadAtmosConfig({ cwd: PROJECT, env: cleanEnv(), homeDir: join(PROJECT, 'no-home') })
const row = (s: { stack: string | null; component: string | null; name: string }) =>
  `${s.stack ?? '-'}/${s.component ?? '-'}/${s.name}`

describe('logs sources over several stacks', () => {
  it('with no --stack lists atmos.yaml sources, then every stack, skipping a broken stack with a notice', async () => {
    const notices: string[] = []
    const listing = await listSourceRows(await load(), {}, { notice: (m) => notices.push(m) })
    expect(listing.stacks).toEqual(['broken', 'dev', 'prod'])
    expect(listing.sources.map(row)).toEqual([
      '-/-/cloudtrail-audit',
      'dev/api/audit',
      'dev/api/deployments',
      'dev/api/function-logs',
      'dev/api-auth/audit',
      'dev/api-auth/deployments',
      'dev/api-auth/function-logs',
      'dev/worker/service',
      'prod/api/audit',
      'prod/api/deployments',
      'prod/api/function-logs',
      'prod/api-auth/audit',
      'prod/api-auth/deployments',
      'prod/api-auth/function-logs',
      'prod/worker/service',
    ])
    expect(listing.total).toBe(15)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/^Skipping stack 'broken': .*function_name/)
  })

  it('cuts at the limit and says how many there were', async () => {
    const listing = await listSourceRows(await load(), {}, { limit: 4 })
    expect(listing.sources).toHaveLength(4)
    expect(listing.total).toBe(15)
  })

  it('takes a glob or a list of stacks, and --source narrows the rows', async () => {
    const config = await load()
    const glob = await listSourceRows(config, { stack: 'p*' })
    expect(new Set(glob.sources.map((s) => s.stack))).toEqual(new Set(['prod']))
    const list = await listSourceRows(config, { stack: 'prod,dev', source: 'service' })
    expect(list.sources.map(row)).toEqual(['dev/worker/service', 'prod/worker/service'])
    const none = await listSourceRows(config, { stack: 'plat-*' }).catch((e: unknown) => e)
    expect(none).toBeInstanceOf(ConfigError)
    expect((none as ConfigError).message).toBe("No stack matches 'plat-*'.")
    expect((none as ConfigError).hint).toContain("'dev'")
  })
})

describe('--source over every stack', () => {
  it('finds a name or glob wherever it is, atmos.yaml or any stack', async () => {
    const config = await load()
    const named = await listSourceRows(config, { source: 'service' })
    expect(named.sources.map(row)).toEqual(['dev/worker/service', 'prod/worker/service'])
    const globs = await listSourceRows(config, { source: 'cloudtrail-*,function-*' })
    expect(globs.sources.map(row)).toEqual([
      '-/-/cloudtrail-audit',
      'dev/api/function-logs',
      'dev/api-auth/function-logs',
      'prod/api/function-logs',
      'prod/api-auth/function-logs',
    ])
    expect(globs.total).toBe(5)
  })

  it('naming no source of any stack is an error that lists the names there are', async () => {
    const err = await listSourceRows(await load(), { source: 'servce' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toContain("No log source is named 'servce'; the known sources are")
    expect((err as Error).message).toContain("Did you mean 'service'")
  })
})

describe('--identity for one run', () => {
  it("replaces every selected source's identity, and must name a known identity", async () => {
    const config = await load()
    const sources = await resolveSources(config, {
      stack: 'prod',
      component: 'api,worker',
      identity: 'security-readonly',
    })
    expect(sources.map((s) => [s.component, s.identity, s.identityFromDefault])).toEqual([
      ['api', 'security-readonly', undefined],
      ['worker', 'security-readonly', undefined],
    ])
    const err = await resolveSources(config, { source: 'cloudtrail-audit', identity: 'dev-admn' }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(CredentialsError)
    expect((err as Error).message).toContain('--identity dev-admn names no identity in auth.identities')
    expect((err as Error).message).toContain("Did you mean 'dev-admin'")
  })
})
