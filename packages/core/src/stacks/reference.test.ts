/**
 * The resolver against atmos's own expected output: real atmos fixtures (test/fixtures/atmos-reference,
 * copied from the atmos repository with its license) and the results atmos's test suite expects
 * (`expected/*.golden` snapshots and `expected/*.yaml` test cases). Keys atmos adds that we do not
 * compute (provenance, component_info, backend defaults, ...) are not compared.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse, stringify } from 'yaml'
import { cleanEnv } from '../../test/project.js'
import { loadAtmosConfig } from '../config/load.js'
import type { AtmosConfig } from '../config/types.js'
import { ConfigError } from '../errors.js'
import { describeComponent, listStacks } from './select.js'

const REFERENCE = join(import.meta.dirname, '../../test/fixtures/atmos-reference')
const EXPECTED = join(REFERENCE, 'expected')

const configs = new Map<string, Promise<AtmosConfig>>()
function project(name: string): Promise<AtmosConfig> {
  let hit = configs.get(name)
  if (!hit) {
    const dir = join(REFERENCE, name)
    hit = loadAtmosConfig({
      cwd: dir,
      env: cleanEnv({ ATMOS_CLI_CONFIG_PATH: dir }),
      homeDir: join(dir, 'no-home'),
    })
    configs.set(name, hit)
  }
  return hit
}

/** What `atmos describe component` prints, for the keys we compute. */
async function describeLikeAtmos(
  fixture: string,
  component: string,
  stack: string,
): Promise<Record<string, unknown>> {
  const inst = await describeComponent(await project(fixture), component, stack)
  const s = inst.section
  return {
    ...s,
    atmos_component: inst.component,
    atmos_manifest: inst.stackFile,
    atmos_stack: inst.stack,
    atmos_stack_file: inst.stackFile,
    backend: s.backend,
    backend_type: s.backend_type,
    component: s.component,
    env: s.env,
    inheritance: s.inheritance,
    metadata: s.metadata,
    settings: s.settings,
    stack: inst.stack,
    vars: s.vars,
    workspace: inst.workspace,
  }
}

/** The atmos test-case workdirs point into the atmos repository; map them to our copies. */
function fixtureOf(workdir: string): string | undefined {
  const last = workdir.replace(/\/+$/, '').split('/').pop()!
  if (workdir.includes('examples/') && readdirSync(join(REFERENCE, 'examples')).includes(last))
    return `examples/${last}`
  if (readdirSync(REFERENCE).includes(last)) return last
  return undefined
}

interface TestCase {
  name: string
  enabled: boolean
  workdir: string
  args: string[]
  expect: { stdout?: unknown[]; stderr?: unknown[]; exit_code?: number; valid?: string[] }
}

function describeCases(): { file: string; test: TestCase; fixture: string }[] {
  const out: { file: string; test: TestCase; fixture: string }[] = []
  for (const file of readdirSync(EXPECTED).filter((f) => f.endsWith('.yaml'))) {
    const doc = parse(readFileSync(join(EXPECTED, file), 'utf8'), {
      customTags: [{ tag: '!not', resolve: (s: string) => ({ not: s }) }],
    }) as { tests: TestCase[] }
    for (const test of doc.tests) {
      if (!test.enabled || test.args[0] !== 'describe' || test.args[1] !== 'component') continue
      const fixture = fixtureOf(test.workdir)
      if (fixture) out.push({ file, test, fixture })
    }
  }
  return out
}

/**
 * Cases we knowingly answer differently, with why; each must still differ (so a fix shows up here).
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'atmos-functions.yaml: !terraform.output from component with !env function test':
    '!terraform.output needs terraform state: such values are left to the Go atmos',
  'native-terraform-example.yaml: atmos describe component vpc -s dev (native-terraform example)':
    'vars from !include of a .tfvars (HCL) file: we read HCL files as text',
  'toolchain-example.yaml: toolchain example command is tofu':
    "`command` from atmos.yaml's components.terraform.command is not copied into the component",
}

async function matchesAtmos(test: TestCase, fixture: string): Promise<void> {
  const component = test.args[2]!
  const stack = test.args[test.args.indexOf('-s') + 1]!
  if ((test.expect.exit_code ?? 0) !== 0) {
    const err = await describeLikeAtmos(fixture, component, stack).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(ConfigError)
    const text = `${(err as ConfigError).message} ${(err as ConfigError).hint}`
    for (const line of test.expect.stderr ?? []) {
      if (typeof line !== 'string' || line === 'invalid stack') continue
      expect(text).toContain(line === 'atmos list stacks' ? '`atmos list stacks`' : line)
    }
    return
  }
  const out = await describeLikeAtmos(fixture, component, stack)
  const json = JSON.stringify(out, null, 2)
  const yaml = stringify(out)
  for (const line of test.expect.stdout ?? []) {
    if (typeof line !== 'string') continue
    expect(line.startsWith('"') ? json : yaml).toContain(line)
  }
}

describe('atmos test cases (describe component)', () => {
  const cases = describeCases()
  it('finds the describe-component cases to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(9)
  })

  for (const { file, test, fixture } of cases) {
    const name = `${file}: ${test.name}`
    const known = KNOWN_DIFFERENCES[name]
    if (known) {
      it(`${name} (known difference: ${known})`, async () => {
        const agreed = await matchesAtmos(test, fixture).then(
          () => true,
          () => false,
        )
        expect(agreed).toBe(false)
      })
      continue
    }
    it(name, () => matchesAtmos(test, fixture))
  }
})

function golden(name: string): Record<string, any> {
  const text = readFileSync(join(EXPECTED, name), 'utf8')
  return (text.trimStart().startsWith('{') ? JSON.parse(text) : parse(text)) as Record<string, any>
}

describe('atmos snapshots (describe component)', () => {
  const cases: [string, string, string, string][] = [
    [
      'TestCLICommands_describe_component_with_stack_flag.stdout.golden',
      'provenance',
      'mock',
      'acme-dev-us-east-1',
    ],
    [
      'TestCLICommands_atmos_describe_component_mock_-s_dev_(stack-names_example).stdout.golden',
      'stack-names',
      'mock',
      'dev',
    ],
    [
      'TestCLICommands_atmos_describe_component_mock_-s_production_(stack-names_example).stdout.golden',
      'stack-names',
      'mock',
      'production',
    ],
  ]
  for (const [file, fixture, component, stack] of cases) {
    it(`${fixture}: ${component} in ${stack} matches ${file}`, async () => {
      const want = golden(file)
      const got = await describeLikeAtmos(fixture, component, stack)
      for (const key of [
        'atmos_component',
        'atmos_stack',
        'atmos_stack_file',
        'atmos_manifest',
        'stack',
        'component',
        'vars',
        'settings',
        'env',
        'workspace',
        'inheritance',
      ]) {
        expect({ key, value: got[key] }).toEqual({ key, value: want[key] })
      }
      expect((got.metadata as Record<string, unknown>).component).toEqual(want.metadata?.component)
    })
  }

  it('stack-names: the file name of a renamed stack is not a stack, and atmos suggests the real name', async () => {
    const stderr = readFileSync(
      join(
        EXPECTED,
        'TestCLICommands_atmos_describe_component_mock_-s_prod_(invalid_-_stack-names_example).stderr.golden',
      ),
      'utf8',
    )
    expect(stderr).toContain('Stack prod not found')
    const err = await describeLikeAtmos('stack-names', 'mock', 'prod').then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    )
    expect(err?.message).toContain("Stack 'prod' not found")
    expect(err?.message).toContain("'production'")
  })
})

describe('stack names of every reference project', () => {
  const expected: Record<string, string[]> = {
    'atmos-overrides-section': ['dev', 'prod', 'sandbox', 'staging', 'test', 'test2', 'test3'],
    'component-inheritance': ['test'],
    provenance: ['acme-dev-us-east-1'],
    'quick-start-simple': ['dev', 'prod', 'staging'],
    'stack-manifest-name': ['my-legacy-prod-stack', 'no-name-prod'],
    'stack-names': ['dev', 'production'],
    'stack-templates': ['nonprod'],
  }
  for (const [fixture, names] of Object.entries(expected)) {
    it(fixture, async () => {
      expect(await listStacks(await project(fixture))).toEqual(names)
    })
  }
})

describe('reference projects without atmos snapshots', () => {
  it('component-inheritance: a derived component without metadata.component keeps its own name', async () => {
    const out = await describeLikeAtmos('component-inheritance', 'derived-component', 'test')
    expect(out.component).toBe('derived-component')
    expect(out.vars).toEqual({
      stage: 'test',
      enabled: true,
      name: 'derived-component',
      base_var: 'base-value',
      derived_var: 'derived-value',
    })
    expect(out.inheritance).toEqual(['base-component'])
    expect(out.workspace).toBe('test')
  })

  it('quick-start-simple: the station component in each stage', async () => {
    const dev = await describeLikeAtmos('quick-start-simple', 'station', 'dev')
    expect(dev.component).toBe('weather')
    expect(dev.vars).toMatchObject({ stage: 'dev', location: 'Stockholm', lang: 'sv', units: 'm' })
    expect(dev.workspace).toBe('dev-station')
    expect(dev.metadata).toEqual({ component: 'weather', description: 'Weather station component' })
  })

  it('atmos-overrides-section: overrides imported after a component do not apply to it', async () => {
    const test2 = await describeLikeAtmos('atmos-overrides-section', 'c1', 'test2')
    expect(test2.vars).toMatchObject({ test: { a: 'a', b: 'b', c: 'c', d: 'd' } })
    const test3 = await describeLikeAtmos('atmos-overrides-section', 'c1', 'test3')
    expect(test3.vars).toMatchObject({ test: { a: 'a-overridden', b: 'b-overridden', c: 'c', d: 'd' } })
  })
})
