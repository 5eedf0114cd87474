import { execTimeBoxed, spawnExecFile, TimedOutError } from '../credentials/exec.js'
import { ConfigError } from '../errors.js'
import { describeGoAtmos, type GoAtmos } from './locate.js'

/** `atmos describe component C -s S --format json`: the component exactly as atmos computes it. */
export async function describeComponentWithGoAtmos(
  atmos: GoAtmos,
  component: string,
  stack: string,
  opts: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<Record<string, unknown>> {
  const args = ['describe', 'component', component, '-s', stack, '--format', 'json']
  const what = `\`atmos ${args.join(' ')}\` (${describeGoAtmos(atmos)})`
  let result: Awaited<ReturnType<typeof spawnExecFile>>
  try {
    result = await execTimeBoxed(spawnExecFile, atmos.path, args, {
      env: opts.env,
      cwd: opts.cwd,
      timeoutMs: opts.timeoutMs ?? 120_000,
    })
  } catch (err) {
    throw new ConfigError(
      err instanceof TimedOutError
        ? `${what} did not finish within ${Math.round(err.timeoutMs / 1000)} s and was stopped.`
        : `Could not run ${what}: ${(err as Error).message}.`,
      {
        cause: err,
        hint: 'Check that the Go atmos runs in this project, or set ATMOS_GO_BINARY to the right one.',
      },
    )
  }
  if (result.code !== 0) {
    const said = result.stderr.trim().split('\n').slice(-5).join(' | ').slice(0, 1500)
    throw new ConfigError(`${what} exited with code ${result.code}${said ? `: ${said}` : ''}.`, {
      hint: `Run \`atmos ${args.join(' ')}\` yourself to see what it needs (often \`atmos auth login\` for state access).`,
    })
  }
  try {
    const parsed = JSON.parse(result.stdout) as unknown
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {
    // reported below
  }
  throw new ConfigError(`${what} printed ${result.stdout.length} characters that are not a JSON object.`, {
    hint: 'Upgrade the Go atmos, or set ATMOS_GO_BINARY to a newer one.',
  })
}
