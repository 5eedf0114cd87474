import path from 'node:path'
import {
  type AtmosConfig,
  type Credentials,
  createCredentialResolver,
  findEmulatorComponent,
  type ResolvedSource,
  secretValues,
} from '@atmos-logs/core'
import type { RunnerHost } from './runner-host.js'

/**
 * Credentials per source: one resolution per identity for the whole run. Every secret they carry
 * is handed to the host so that no output can print it.
 */
export function credentialsFor(
  config: AtmosConfig,
  host: Pick<RunnerHost, 'logger' | 'addSecret' | 'notice'>,
) {
  const resolver = createCredentialResolver({
    auth: { ...config.auth, file: config.file },
    env: process.env,
    logger: host.logger,
    notice: host.notice,
    cwd: config.file ? path.dirname(config.file) : config.cwd,
    selfPath: process.argv[1],
    // aws/emulator identities name an emulator component of some stack.
    emulators: (stack, name) => findEmulatorComponent(config, stack, name),
  })
  return async (source: ResolvedSource): Promise<Credentials | undefined> => {
    // The resolver applies the default identity itself, and only to kinds that sign in with it: a
    // local/file source must not need an AWS sign-in because some identity is the default.
    const creds = await resolver.resolveFor(
      source.identityFromDefault ? { ...source, identity: null } : source,
    )
    if (creds) for (const s of secretValues(creds)) host.addSecret(s)
    return creds
  }
}
