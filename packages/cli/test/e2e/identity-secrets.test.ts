import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type CliResult, runCli, tempDir } from '../helpers/cli.js'
import {
  fakeAtmos,
  type IdentityKeys,
  makeKeys,
  pathWith,
  useIdentitySuite,
  writeAtmosAuthFiles,
} from '../helpers/identity.js'

/**
 * Secrets never reach output: every byte the CLI prints (stdout, stderr, the `--format log`
 * file), over every format, `--debug`, a failing provider and a failing `atmos auth env`, is
 * searched for every secret access key and session token in play.
 */
describe('credentials never reach output', () => {
  let logDir: string
  const identities: IdentityKeys[] = []
  const outputs: Array<{ what: string; text: string }> = []

  const suite = useIdentitySuite(`    broken:
      logs:
        sources:
          app:
            kind: aws/cloudwatch
            spec: {log_group: /acme/dev/broken/never-created}
`)
  const envFor = suite.env

  /** Runs the CLI and keeps everything it printed for the search at the end. */
  const run = async (what: string, args: string[], env = envFor()): Promise<CliResult> => {
    const result = await runCli(args, { cwd: suite.fixture.project, env })
    outputs.push(
      { what: `${what} (stdout)`, text: result.stdout },
      { what: `${what} (stderr)`, text: result.stderr },
    )
    return result
  }

  const dev = ['--stack', 'dev', '--component', 'a,b', '--since', '1h']

  beforeAll(async () => {
    logDir = await tempDir('atmos-logfile-')
    identities.push(makeKeys('dev-admin', 'acme-sso'), makeKeys('prod-readonly', 'acme-prod-sso'))
    await writeAtmosAuthFiles(suite.fixture.configHome, identities)
    const at = Date.now() - 5 * 60_000
    suite.emulator.cloudwatch.putEvents('/acme/dev/a/function', 'main', [
      { timestamp: at, message: 'a function started' },
      { timestamp: at + 1000, message: '{"level":"ERROR","msg":"a payment declined"}' },
    ])
    suite.emulator.cloudwatch.putEvents('/acme/dev/b/app', 'main', [
      { timestamp: at + 500, message: 'b worker ready' },
      // An application that logged the very key the CLI signed in with: masked on the way out.
      { timestamp: at + 600, message: `debug dump: key=${identities[1]!.secretAccessKey} done` },
    ])
  })

  it('prints entries in every format, debug traces and errors, and not one secret', async () => {
    for (const format of ['pretty', 'json', 'raw']) {
      const result = await run(`view --format ${format}`, ['logs', 'view', ...dev, '--format', format])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('b worker ready')
      expect(result.stdout).toContain('debug dump: key=**** done')
    }

    const logFile = path.join(logDir, 'atmos.log')
    const logFormat = await run(
      'view --format log',
      ['logs', 'view', ...dev, '--format', 'log', '--debug'],
      envFor({ ATMOS_LOGS_FILE: logFile, ATMOS_LOGS_LEVEL: 'Trace' }),
    )
    expect(logFormat.code).toBe(0)
    const logText = await readFile(logFile, 'utf8')
    outputs.push({ what: 'the --format log file', text: logText })
    expect(logText).toContain('a payment declined')

    const debug = await run('view --debug', ['logs', 'view', ...dev, '--debug'])
    expect(debug.code).toBe(0)
    // The debug trace did run through credential resolution (so the search below means something).
    expect(debug.stderr).toContain('AWS credentials resolved')

    const tail = await run('tail --debug', ['logs', 'tail', ...dev.slice(0, 4), '--lines', '5', '--debug'])
    expect(tail.code).toBe(0)
    expect(tail.stdout).toContain('a function started')

    const search = await run('search --debug', ['logs', 'search', ...dev, '--query', 'ERROR', '--debug'])
    expect(search.code).toBe(0)
    expect(search.stdout).toContain('a payment declined')

    // A provider failure after the credentials resolved: the group was never created.
    const missingGroup = await run('view of a missing log group --debug', [
      'logs',
      'view',
      '--stack',
      'dev',
      '--component',
      'broken',
      '--debug',
    ])
    expect(missingGroup.code).toBe(1)
    expect(missingGroup.stderr).toContain('/acme/dev/broken/never-created')

    // A Go atmos that fails and prints keys into its stderr, with and without --debug.
    const failing = await fakeAtmos(identities, 'fail')
    for (const flags of [[], ['--debug']]) {
      const result = await run(
        `view with a failing atmos ${flags.join(' ')}`,
        ['logs', 'view', ...dev, ...flags],
        envFor({ PATH: pathWith(failing.binDir) }),
      )
      expect(result.code).toBe(3)
      expect(result.stderr).toContain('SSO session expired')
    }

    const secrets = identities.flatMap((k) => [
      { what: `${k.name} secret access key`, value: k.secretAccessKey },
      { what: `${k.name} session token`, value: k.sessionToken },
    ])
    const leaks = outputs.flatMap((o) =>
      secrets.filter((s) => o.text.includes(s.value)).map((s) => `${s.what} in ${o.what}`),
    )
    expect(leaks).toEqual([])
    // Sanity: the search covered real output, including access key ids (identifiers, not secrets).
    expect(outputs.map((o) => o.text).join('').length).toBeGreaterThan(2000)
  })
})
