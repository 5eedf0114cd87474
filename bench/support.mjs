// What the benchmarks that run the built CLI beside the Debian awscli share: the emulator's control
// routes, a clean environment, a throwaway project, and a measured child process.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The Debian package's aws (v2) is the peer; a pyenv or pip `aws` earlier on PATH may be v1.
export const AWS_BIN = existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws'
const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

export async function control(emu, path, body) {
  const res = await fetch(`${emu.endpoint}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

export function envFor(emu, extra = {}) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    TZ: 'UTC',
    ...emu.env,
    ...extra,
  }
}

export async function project(atmosYaml) {
  const dir = await mkdtemp(join(tmpdir(), 'atmos-bench-'))
  await writeFile(join(dir, 'atmos.yaml'), `${JSON.stringify(atmosYaml, null, 2)}\n`)
  return dir
}

/**
 * Runs one reader as its own process (under /usr/bin/time for its CPU, user + sys, and peak RSS);
 * stdout is hashed and its lines counted as it streams, so the bench holds none of it.
 */
export function measure(cmd, args, { env, cwd, keepStdout = false }) {
  return new Promise((resolve, reject) => {
    const [file, argv] = TIME_BIN ? [TIME_BIN, ['-f', 'BENCHTIME %U %S %M', cmd, ...args]] : [cmd, args]
    const started = process.hrtime.bigint()
    const child = spawn(file, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    const hash = createHash('sha1')
    let lines = 0
    let stderr = ''
    const chunks = []
    child.stdout.on('data', (d) => {
      hash.update(d)
      if (keepStdout) chunks.push(d)
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++
    })
    child.stderr.on('data', (d) => {
      stderr += d
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const m = /BENCHTIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr)
      if (code !== 0)
        return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`))
      resolve({
        seconds,
        cpu: m ? Number(m[1]) + Number(m[2]) : Number.NaN,
        rssMiB: m ? Number(m[3]) / 1024 : Number.NaN,
        lines,
        sha1: hash.digest('hex'),
        stdout: keepStdout ? Buffer.concat(chunks).toString('utf8') : undefined,
        stderr: stderr.replace(/BENCHTIME[^\n]*\n?/, ''),
      })
    })
  })
}

export async function hasAws(skip = false) {
  if (skip) return false
  return new Promise((resolve) => {
    const probe = spawn(AWS_BIN, ['--version'], { stdio: 'ignore' })
    probe.on('error', () => resolve(false))
    probe.on('close', (code) => resolve(code === 0))
  })
}
