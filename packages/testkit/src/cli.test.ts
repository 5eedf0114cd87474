import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'
import { CliUsageError, parseCliArgs } from './cli.js'

describe('atmos-emulator arguments', () => {
  it('reads --port and --seed in both spellings', () => {
    expect(parseCliArgs([])).toEqual({ port: 0 })
    expect(parseCliArgs(['--port', '4566', '--seed', 'demo'])).toEqual({ port: 4566, seed: 'demo' })
    expect(parseCliArgs(['--port=0', '--seed=./seed.yaml'])).toEqual({ port: 0, seed: './seed.yaml' })
    expect(parseCliArgs(['--help'])).toBe('help')
  })
  it('explains bad arguments', () => {
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(CliUsageError)
    expect(() => parseCliArgs(['--seed'])).toThrow(/--seed needs a value/)
    expect(() => parseCliArgs(['--verbose'])).toThrow(/Unknown argument "--verbose"/)
  })
})

const bin = fileURLToPath(new URL('../bin/atmos-emulator.js', import.meta.url))
const built = await import('node:fs').then((fs) =>
  fs.existsSync(fileURLToPath(new URL('../dist/cli.js', import.meta.url))),
)

describe('the atmos-emulator bin', () => {
  ;(built ? it : it.skip)('prints one JSON line when ready and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, '--seed', 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] })
    // A failed expectation must not leave the emulator running: jest would wait for it forever.
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
          if (out.includes('\n')) resolve(out.split('\n')[0]!)
        })
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)))
      })
      const ready = JSON.parse(line)
      expect(Object.keys(ready.env).sort()).toEqual(
        [
          'ATMOS_LOGS_GCP_GRPC_ENDPOINT',
          'AWS_ACCESS_KEY_ID',
          'AWS_ENDPOINT_URL',
          'AWS_REGION',
          'AWS_SECRET_ACCESS_KEY',
          'CLOUDSDK_API_ENDPOINT_OVERRIDES_LOGGING',
          'GITHUB_API_URL',
          'GITHUB_TOKEN',
        ].sort(),
      )
      expect(ready.github).toBe(`${ready.endpoint}/github`)
      expect(ready.loggingGrpc).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(ready.loggingGrpc).not.toBe(ready.endpoint)
      expect(ready.env.ATMOS_LOGS_GCP_GRPC_ENDPOINT).toBe(ready.loggingGrpc)
      const stats = await (await fetch(`${ready.endpoint}/_emulator/stats`)).json()
      expect(stats).toMatchObject({ calls: {}, recent: [] })
    } catch (err) {
      if (child.exitCode === null) child.kill('SIGKILL')
      throw err
    }
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
