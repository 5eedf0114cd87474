import { describe, expect, it } from '@jest/globals'
import type { ProviderRegistration } from './contract.js'
import { ConfigError } from './errors.js'
import { checkSpecs } from './manager.js'
import { installCommandFor, ProviderRegistry, providerPackageFor } from './registry.js'

function registration(kind: string, description = kind): ProviderRegistration {
  return {
    apiVersion: 1,
    kind,
    description,
    capabilities: ['get'],
    create: async () => {
      throw new Error('not used')
    },
  }
}

describe('ProviderRegistry', () => {
  it('lets a linked or user-installed plugin override a built-in kind, with a notice', () => {
    const registry = new ProviderRegistry()
    expect(
      registry.register(registration('aws/cloudwatch', 'built-in'), { plugin: 'builtin', type: 'core' }),
    ).toEqual({})
    const { notice } = registry.register(registration('aws/cloudwatch', 'fork'), {
      plugin: 'fork',
      type: 'link',
    })
    expect(notice).toBe('Provider kind aws/cloudwatch from fork (link) overrides the one from builtin.')
    expect(registry.get('aws/cloudwatch')?.registration.description).toBe('fork')
    expect(registry.list()).toEqual([
      { kind: 'aws/cloudwatch', description: 'fork', capabilities: ['get'], plugin: 'fork', type: 'link' },
    ])
  })

  it('keeps the first of two equals and says the second is ignored', () => {
    const registry = new ProviderRegistry()
    registry.register(registration('x/y', 'first'), { plugin: 'a', type: 'user' })
    const { notice } = registry.register(registration('x/y', 'second'), { plugin: 'b', type: 'user' })
    expect(notice).toBe('Provider kind x/y from b is ignored: a already provides it.')
    expect(registry.get('x/y')?.registration.description).toBe('first')
  })

  it('refuses a registration that is not one, naming the plugin', () => {
    const registry = new ProviderRegistry()
    expect(() => registry.register({ kind: 'x/y' }, { plugin: 'bad-plugin', type: 'user' })).toThrow(
      'Plugin bad-plugin returned an invalid provider registration: it has no apiVersion (this CLI speaks apiVersion 1).',
    )
    expect(() =>
      registry.register({ ...registration('x/y'), apiVersion: 2 }, { plugin: 'future', type: 'user' }),
    ).toThrow('its apiVersion 2 is not supported (this CLI speaks apiVersion 1)')
    expect(() =>
      registry.register(
        { ...registration('x/y'), capabilities: ['get', 'stream'] },
        { plugin: 'odd', type: 'user' },
      ),
    ).toThrow('kind x/y lists unknown capabilities "stream" (known: list, get, tail, query)')
    expect(() =>
      registry.register({ ...registration('x/y'), secretSpecKeys: 'token' }, { plugin: 'odd', type: 'user' }),
    ).toThrow('kind x/y has a secretSpecKeys that is not a list of key names')
    expect(
      registry.register(
        { ...registration('x/z'), secretSpecKeys: ['token'] },
        { plugin: 'ok', type: 'user' },
      ),
    ).toEqual({})
  })

  it('filter is optional: false, or { syntax, problem? }; anything else names the kind', () => {
    const registry = new ProviderRegistry()
    const origin = { plugin: 'odd', type: 'user' }
    expect(() => registry.register({ ...registration('f/a'), filter: true }, origin)).toThrow(
      'kind f/a has a filter that is neither false nor { syntax, problem? }',
    )
    expect(() =>
      registry.register({ ...registration('f/b'), filter: { problem: () => undefined } }, origin),
    ).toThrow('kind f/b has a filter')
    expect(() =>
      registry.register({ ...registration('f/c'), filter: { syntax: 'x', problem: 'no' } }, origin),
    ).toThrow('kind f/c has a filter')
    expect(registry.register({ ...registration('f/d'), filter: false }, origin)).toEqual({})
    expect(registry.register({ ...registration('f/e'), filter: { syntax: 'terms' } }, origin)).toEqual({})
    expect(registry.register(registration('f/f'), origin)).toEqual({})
  })

  it('exitStatus is optional, and a boolean when given', () => {
    const registry = new ProviderRegistry()
    const origin = { plugin: 'odd', type: 'user' }
    expect(() => registry.register({ ...registration('e/a'), exitStatus: 'yes' }, origin)).toThrow(
      'kind e/a has an exitStatus that is neither true nor false',
    )
    expect(registry.register({ ...registration('e/b'), exitStatus: true }, origin)).toEqual({})
    expect(registry.register({ ...registration('e/c'), exitStatus: false }, origin)).toEqual({})
  })

  it('limitCounts is optional, and a plural noun when given', () => {
    const registry = new ProviderRegistry()
    const origin = { plugin: 'odd', type: 'user' }
    for (const bad of [3, '', 'Runs!'])
      expect(() => registry.register({ ...registration('l/a'), limitCounts: bad }, origin)).toThrow(
        'kind l/a has a limitCounts that is not a plural noun such as "entries" or "runs"',
      )
    expect(registry.register({ ...registration('l/b'), limitCounts: 'runs' }, origin)).toEqual({})
    expect(registry.register({ ...registration('l/c'), limitCounts: 'entries' }, origin)).toEqual({})
  })

  it('an unknown kind nobody publishes under @atmos-logs names no package, only how to install one by full name', () => {
    const registry = new ProviderRegistry()
    let error: ConfigError | undefined
    try {
      registry.require('acme/other-thing')
    } catch (e) {
      error = e as ConfigError
    }
    expect(error?.hint).toBe(
      'No installed plugin provides kind acme/other-thing. Install the package that does by its full npm name, e.g. `atmos plugins install @publisher/package` (`npm:name` for an unscoped one).',
    )
    expect(error?.hint).not.toContain('@atmos-logs/provider-')
  })

  it('a misspelt kind gets a did-you-mean among the installed kinds', () => {
    const registry = new ProviderRegistry()
    registry.register(registration('aws/cloudwatch'), { plugin: 'builtin', type: 'core' })
    registry.register(registration('aws/cloudtrail'), { plugin: 'builtin', type: 'core' })
    let error: ConfigError | undefined
    try {
      registry.require('aws/cloudwatchh', "source 'fn' of atmos.yaml logs.sources")
    } catch (e) {
      error = e as ConfigError
    }
    expect(error?.message).toBe(
      `Unknown log source kind "aws/cloudwatchh" in source 'fn' of atmos.yaml logs.sources. Did you mean 'aws/cloudwatch'? Installed kinds: aws/cloudtrail, aws/cloudwatch.`,
    )
    expect(error?.exitCode).toBe(2)
    expect(error?.hint).toMatch(/^Fix the kind in the source's configuration/)
  })

  it('an unknown kind is a configuration error naming the installed kinds and the package that would add it', () => {
    const registry = new ProviderRegistry()
    registry.register(registration('aws/cloudwatch'), { plugin: 'builtin', type: 'core' })
    let error: unknown
    try {
      registry.require('aws/cloudtrail', "source 'audit' of component api in stack dev")
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const err = error as ConfigError
    expect(err.exitCode).toBe(2)
    expect(err.message).toBe(
      `Unknown log source kind "aws/cloudtrail" in source 'audit' of component api in stack dev. Installed kinds: aws/cloudwatch.`,
    )
    expect(err.hint).toBe(
      'Install the plugin that provides it: `atmos plugins install aws-cloudtrail` (the package @atmos-logs/provider-aws-cloudtrail).',
    )
  })
})

describe('plugin names for a kind', () => {
  it('come from the table of first-party packages, whose short names need not follow the kind', () => {
    expect(installCommandFor('local/file')).toBe('atmos plugins install local-file')
    expect(providerPackageFor('local/file')).toBe('@atmos-logs/provider-local-file')
    expect(installCommandFor('github/actions')).toBe('atmos plugins install github-actions')
    expect(installCommandFor('gcp/logging')).toBe('atmos plugins install gcp')
    expect(providerPackageFor('gcp/logging')).toBe('@atmos-logs/provider-gcp')
    expect(installCommandFor('acme/other-thing')).toBeUndefined()
    expect(providerPackageFor('acme/other-thing')).toBeUndefined()
  })
})

describe('checkSpecs', () => {
  const typo = new ConfigError('The x/y source "app" has an invalid spec.groupp: unknown field.')
  const registryWith = (type: string, checkSpec: ProviderRegistration['checkSpec']) => {
    const registry = new ProviderRegistry()
    registry.register({ ...registration('x/y'), checkSpec }, { plugin: 'the-plugin', type })
    registry.register(registration('x/none'), { plugin: 'the-plugin', type })
    return registry
  }
  const source = { name: 'app', kind: 'x/y', spec: { groupp: 1 }, where: 'atmos.yaml logs.sources' }

  it("throws the kind's own error for a built-in kind, and passes a spec the kind takes", async () => {
    const registry = registryWith('core', (spec) => {
      if ('groupp' in spec) throw typo
    })
    await expect(checkSpecs(registry, [source])).rejects.toBe(typo)
    await expect(checkSpecs(registry, [{ ...source, spec: {} }])).resolves.toBeUndefined()
    // a kind without checkSpec is checked when it is opened, not here
    await expect(checkSpecs(registry, [{ ...source, kind: 'x/none' }])).resolves.toBeUndefined()
  })

  it("words a plugin's failure as a plugin's invalid source, and a bare throw of ours as a ConfigError", async () => {
    const plugin = registryWith('user', () => {
      throw new Error('groupp is not a field')
    })
    const err = await checkSpecs(plugin, [source]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toBe(
      'Source app (x/y, plugin the-plugin) is not valid: groupp is not a field',
    )
    const ours = registryWith('core', () => {
      throw new Error('groupp is not a field')
    })
    expect(((await checkSpecs(ours, [source]).catch((e: unknown) => e)) as Error).message).toBe(
      'Source app (atmos.yaml logs.sources) is not valid: groupp is not a field',
    )
  })

  it('refuses a registration whose checkSpec is not a function', () => {
    expect(() =>
      new ProviderRegistry().register(
        { ...registration('x/y'), checkSpec: true },
        { plugin: 'odd', type: 'user' },
      ),
    ).toThrow('kind x/y has a checkSpec that is not a function')
  })
})
