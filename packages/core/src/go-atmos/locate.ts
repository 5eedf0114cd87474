import { resolve, sep } from 'node:path'
import { ConfigError } from '../errors.js'
import { findOnPath, isExecutableFile, isThisCli } from './find-program.js'

/** The variables that name the Go atmos, first one set wins; ATMOS_AUTH_BINARY is the older name. */
export const GO_ATMOS_VARIABLES = ['ATMOS_GO_BINARY', 'ATMOS_AUTH_BINARY'] as const
export type GoAtmosVariable = (typeof GO_ATMOS_VARIABLES)[number]

export interface GoAtmos {
  path: string
  /** How it was found, for messages. */
  origin: GoAtmosVariable | 'PATH'
}

/**
 * The Go atmos: the program `ATMOS_GO_BINARY` (or `ATMOS_AUTH_BINARY`) names, else the first
 * `atmos` on PATH that is not this CLI (both are called `atmos`; running ourselves would recurse).
 * Undefined when there is none. One home for every use: credentials, delegation, forwarding.
 */
export async function locateGoAtmos(
  env: NodeJS.ProcessEnv,
  selfPath: string | undefined,
): Promise<GoAtmos | undefined> {
  for (const variable of GO_ATMOS_VARIABLES) {
    const named = env[variable]?.trim()
    if (!named) continue
    // A bare name is looked up on PATH, anything with a slash is a path.
    const bareName = !named.includes('/') && !named.includes(sep)
    const path = bareName ? (await findOnPath(named, env))[0] : resolve(named)
    if (!path || !(await isExecutableFile(path))) {
      throw new ConfigError(
        `${variable} is set to "${named}", which is not an executable file${bareName ? ' on PATH' : ''}.`,
        {
          hint: `Point ${variable} at the Go atmos binary (for example /usr/local/bin/atmos), or unset it to look for atmos on PATH.`,
        },
      )
    }
    if (await isThisCli(path, selfPath)) {
      throw new ConfigError(
        `${variable} is set to "${named}", which is this atmos logs CLI, not the Go atmos.`,
        { hint: `Point ${variable} at the Go atmos binary, or unset it.` },
      )
    }
    return { path, origin: variable }
  }
  for (const candidate of await findOnPath('atmos', env)) {
    if (!(await isThisCli(candidate, selfPath))) return { path: candidate, origin: 'PATH' }
  }
  return undefined
}

/** `/usr/local/bin/atmos` or `/opt/atmos (from ATMOS_GO_BINARY)`, for messages. */
export function describeGoAtmos(atmos: GoAtmos): string {
  return atmos.origin === 'PATH' ? atmos.path : `${atmos.path}, from ${atmos.origin}`
}
