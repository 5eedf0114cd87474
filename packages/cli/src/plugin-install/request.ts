import { homedir } from 'node:os'
import path from 'node:path'
import { UsageError } from '@atmos-logs/core/errors'

/**
 * What `atmos plugins install X` was asked for, decided from X alone:
 * - a short name (`gcp`) means the package in our scope (`@atmos-logs/provider-gcp`) and nothing else;
 * - a scoped name (`@acme/x`) or `npm:NAME` is a package named on purpose;
 * - a path (`./x.tgz`, `/abs/x.tgz`, `../dir`, `file:...`) installs from disk;
 * - a git URL or `owner/repo` installs from GitHub, as oclif's installer does.
 */
export type InstallRequest =
  | { via: 'short'; input: string; name: string; tag: string }
  | { via: 'npm'; input: string; name: string; tag: string }
  | { via: 'path'; input: string; path: string }
  | { via: 'url'; input: string; url: string }

export interface Naming {
  /** oclif `scope` of the CLI: `atmos-logs`. */
  scope: string
  /** oclif `pluginPrefix`: `provider`. */
  prefix: string
}

const NPM_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/

export function parseInstallRequest(input: string, naming: Naming, cwd = process.cwd()): InstallRequest {
  if (input.startsWith('file:'))
    return { via: 'path', input, path: path.resolve(cwd, untilde(input.slice(5))) }
  if (looksLikePath(input)) return { via: 'path', input, path: path.resolve(cwd, untilde(input)) }
  if (input.startsWith('npm:')) {
    const { name, tag } = nameAndTag(input.slice(4), input)
    return { via: 'npm', input, name, tag }
  }
  if (input.startsWith('git+') || input.endsWith('.git') || input.includes('://'))
    return { via: 'url', input, url: input }
  if (input.startsWith('@')) {
    if (!input.includes('/')) throw invalidName(input)
    const { name, tag } = nameAndTag(input, input)
    return { via: 'npm', input, name, tag }
  }
  if (input.includes('/')) return { via: 'url', input, url: `https://github.com/${input}` }
  const { name: short, tag } = nameAndTag(input, input)
  return { via: 'short', input, name: `@${naming.scope}/${naming.prefix}-${short}`, tag }
}

/** Whether a request installs code that atmos-logs did not publish to its own npm scope. */
export function isOutsideScope(request: InstallRequest, naming: Naming): boolean {
  if (request.via === 'short') return false
  if (request.via === 'npm') return !request.name.startsWith(`@${naming.scope}/`)
  return true // a path or a URL can hold anything, whatever its package.json says
}

/** How the request reads in a message. */
export function describeRequest(request: InstallRequest): string {
  if (request.via === 'path') return `the package at ${request.path}`
  if (request.via === 'url') return request.url
  return request.tag === 'latest' ? request.name : `${request.name}@${request.tag}`
}

function looksLikePath(input: string): boolean {
  return (
    input === '.' ||
    input === '..' ||
    /^(\.{1,2}|~)?\//.test(input) ||
    /^\.{1,2}\\/.test(input) ||
    /\.(tgz|tar\.gz)$/.test(input)
  )
}

function untilde(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(homedir(), p.slice(1)) : p
}

/** `name@tag`, where a leading `@` is the scope's, not a tag's. */
function nameAndTag(spec: string, input: string): { name: string; tag: string } {
  const at = spec.indexOf('@', 1)
  const name = at === -1 ? spec : spec.slice(0, at)
  const tag = at === -1 ? 'latest' : spec.slice(at + 1)
  if (!NPM_NAME.test(name) || tag === '') throw invalidName(input)
  return { name, tag }
}

function invalidName(input: string): UsageError {
  return new UsageError(
    `"${input}" is not a plugin name, path or URL that \`atmos plugins install\` understands.`,
    {
      hint: 'Give a short name (`gcp` for @atmos-logs/provider-gcp), a full npm name (`@acme/atmos-logs-provider-x`, or `npm:name` for an unscoped package), a path (`./provider.tgz`, `../provider`) or a git URL.',
    },
  )
}
