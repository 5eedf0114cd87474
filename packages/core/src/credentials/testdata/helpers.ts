import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Logger } from '../../contract.js'

export interface TempDir {
  dir: string
  /** Where a test writes its fake executables (atmos, gh); the tests make it the whole PATH. */
  bin: string
  /** The file those fakes append their arguments to. */
  callsFile: string
  /** XDG_CONFIG_HOME for a test that sets it: where atmos auth keeps its files. */
  configHome: string
  /** The lines the fakes recorded, in order. */
  calls(): string[]
  cleanup(): void
}

/**
 * The set-up of a test file: a fresh temporary directory before each test, removed after it. The
 * returned object is that test's directory once the hook has run: read it only in hooks and tests.
 */
export function useTempDir(): TempDir {
  const current = {} as TempDir
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), 'atmos-logs-creds-'))
    const callsFile = join(dir, 'calls')
    Object.assign(current, {
      dir,
      bin: join(dir, 'bin'),
      callsFile,
      configHome: join(dir, 'xdg'),
      calls: () => readFileSync(callsFile, 'utf8').trim().split('\n'),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    })
  })
  afterEach(() => current.cleanup())
  return current
}

export function writeFile(path: string, text: string): string {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  return path
}

/** An executable `/bin/sh` script (only shell builtins and absolute paths inside: PATH is ours). */
export function writeScript(path: string, body: string): string {
  writeFile(path, `#!/bin/sh\n${body}\n`)
  chmodSync(path, 0o755)
  return path
}

/** Credentials file content the way atmos auth writes it: the expiry comment above the section. */
export function credentialsSection(
  profile: string,
  keys: { accessKeyId: string; secret: string; token?: string; expiration?: string },
): string {
  return [
    keys.expiration ? `; atmos: expiration=${keys.expiration}` : '',
    `[${profile}]`,
    `aws_access_key_id     = ${keys.accessKeyId}`,
    `aws_secret_access_key = ${keys.secret}`,
    keys.token ? `aws_session_token     = ${keys.token}` : '',
    '',
  ]
    .filter((line, i, all) => line !== '' || i === all.length - 1)
    .join('\n')
}

export interface RecordedLog {
  level: 'debug' | 'info' | 'warn' | 'error'
  obj: unknown
  msg?: string
}

/** A logger that keeps every call, so tests can check what was (and was not) logged. */
export function recordingLogger(): Logger & { records: RecordedLog[]; text(): string } {
  const records: RecordedLog[] = []
  const at = (level: RecordedLog['level']) => (obj: unknown, msg?: string) => {
    records.push({ level, obj, msg })
  }
  return {
    records,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => records.map((r) => `${r.level} ${JSON.stringify(r.obj)} ${r.msg ?? ''}`).join('\n'),
  }
}
