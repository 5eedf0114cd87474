/**
 * Every atmos project in test/fixtures/atmos-reference (atmos's own examples/ and test scenarios,
 * copied with atmos's license): every stack loads and every component in it resolves, or the
 * project fails where atmos itself fails. What we resolve is kept as a snapshot, so a change in
 * any stack of any project shows up in review. Agreement with atmos's own expected output is
 * checked in reference.test.ts and locals.test.ts.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { cleanEnv } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import { isPlainObject } from '../config/merge.js'
import { AtmosFunctionValue } from '../config/yaml-functions.js'
import { describeComponent, loadStacks } from './select.js'

const REFERENCE = join(import.meta.dirname, '../../test/fixtures/atmos-reference')

/** Projects atmos itself refuses, and the start of our message for the same fault. */
const FAILS_IN_ATMOS: Record<string, string> = {
  'locals-circular': 'Circular dependency in locals of stack manifest deploy/circular.yaml: a → b → c → a.',
  'locals-settings-cross-file': "Cannot resolve local 'attempted_cross_file_domain'",
}

function projects(): string[] {
  const out: string[] = []
  for (const name of readdirSync(REFERENCE).sort()) {
    if (existsSync(join(REFERENCE, name, 'atmos.yaml'))) out.push(name)
  }
  for (const name of readdirSync(join(REFERENCE, 'examples')).sort()) {
    if (existsSync(join(REFERENCE, 'examples', name, 'atmos.yaml'))) out.push(`examples/${name}`)
  }
  return out
}

/** JSON-safe and free of this machine's paths. */
function portable(value: unknown): unknown {
  if (value instanceof AtmosFunctionValue) return `${value.tag} ${value.text}`
  if (typeof value === 'string')
    // `{{ now | unixEpoch }}` (atmos's packer scenario) differs every second
    return value.replaceAll(REFERENCE, '<reference>').replace(/(?<!\d)1[7-9]\d{8}(?!\d)/g, '<unix time>')
  if (Array.isArray(value)) return value.map(portable)
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, portable(v)]))
  return value
}

async function resolveProject(name: string): Promise<Record<string, unknown>> {
  const dir = join(REFERENCE, name)
  const config = await loadAtmosConfig({
    cwd: dir,
    env: cleanEnv({ ATMOS_CLI_CONFIG_PATH: dir }),
    homeDir: join(dir, 'no-home'),
  })
  const index = await loadStacks(config)
  const stacks: Record<string, unknown> = {}
  for (const stack of [...index.stacks.keys()].sort()) {
    const components: Record<string, unknown> = {}
    for (const entry of index.stacks.get(stack)!) {
      try {
        const inst = await describeComponent(config, entry.component, stack)
        const { vars, settings, env, metadata, inheritance, locals } = inst.section
        components[`${entry.type}/${entry.component}`] = portable({
          component: inst.section.component,
          stack_file: inst.stackFile,
          workspace: inst.workspace,
          vars,
          settings,
          env,
          metadata,
          inheritance,
          ...(locals === undefined ? {} : { locals }),
        })
      } catch (err) {
        components[`${entry.type}/${entry.component}`] = { error: portable((err as Error).message) }
      }
    }
    stacks[stack] = components
  }
  return stacks
}

describe('atmos projects: every stack and component', () => {
  const names = projects()
  it('holds atmos examples and scenarios', () => {
    expect(names.length).toBeGreaterThanOrEqual(30)
  })
  for (const name of names) {
    it(name, async () => {
      const expectedFailure = FAILS_IN_ATMOS[name]
      if (expectedFailure) {
        const err = await resolveProject(name).then(
          () => undefined,
          (e: unknown) => e as Error,
        )
        expect(err?.message).toContain(expectedFailure)
        return
      }
      expect(await resolveProject(name)).toMatchSnapshot()
    })
  }
})
