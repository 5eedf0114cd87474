import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { isOutsideScope, parseInstallRequest } from './request.js'

const naming = { scope: 'atmos-logs', prefix: 'provider' }
const parse = (input: string) => parseInstallRequest(input, naming, '/work/here')

describe('parseInstallRequest', () => {
  it('reads a short name as our scope only, with an optional tag', () => {
    expect(parse('gcp')).toEqual({
      via: 'short',
      input: 'gcp',
      name: '@atmos-logs/provider-gcp',
      tag: 'latest',
    })
    expect(parse('gcp@1.2.0')).toMatchObject({ via: 'short', name: '@atmos-logs/provider-gcp', tag: '1.2.0' })
  })

  it('installs full names as named: scoped, or unscoped behind npm:', () => {
    expect(parse('@acme/x@next')).toEqual({ via: 'npm', input: '@acme/x@next', name: '@acme/x', tag: 'next' })
    expect(parse('npm:bartest')).toMatchObject({ via: 'npm', name: 'bartest', tag: 'latest' })
    expect(parse('npm:@acme/x')).toMatchObject({ via: 'npm', name: '@acme/x' })
  })

  it('reads paths as paths, relative to the current folder', () => {
    expect(parse('./x.tgz')).toMatchObject({ via: 'path', path: '/work/here/x.tgz' })
    expect(parse('../dir')).toMatchObject({ via: 'path', path: '/work/dir' })
    expect(parse('/abs/x.tgz')).toMatchObject({ via: 'path', path: '/abs/x.tgz' })
    expect(parse('x-1.0.0.tgz')).toMatchObject({ via: 'path', path: '/work/here/x-1.0.0.tgz' })
    expect(parse('file:../y')).toMatchObject({ via: 'path', path: path.resolve('/work/here', '../y') })
  })

  it('keeps git URLs and owner/repo as oclif reads them', () => {
    expect(parse('acme/repo')).toMatchObject({ via: 'url', url: 'https://github.com/acme/repo' })
    expect(parse('git+ssh://git@example.com/acme/repo.git')).toMatchObject({ via: 'url' })
  })

  it('refuses what is no name, path or URL', () => {
    expect(() => parse('Bad Name')).toThrow('is not a plugin name, path or URL')
    expect(() => parse('@acme')).toThrow('is not a plugin name, path or URL')
    expect(() => parse('npm:')).toThrow('is not a plugin name, path or URL')
  })
})

describe('isOutsideScope', () => {
  it('trusts our scope only; a path or URL can hold anything', () => {
    expect(isOutsideScope(parse('gcp'), naming)).toBe(false)
    expect(isOutsideScope(parse('@atmos-logs/provider-x'), naming)).toBe(false)
    expect(isOutsideScope(parse('@acme/x'), naming)).toBe(true)
    expect(isOutsideScope(parse('npm:bartest'), naming)).toBe(true)
    expect(isOutsideScope(parse('./x.tgz'), naming)).toBe(true)
    expect(isOutsideScope(parse('acme/repo'), naming)).toBe(true)
  })
})
