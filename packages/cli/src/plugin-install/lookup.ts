import { execFile } from 'node:child_process'

export type Lookup = { found: true } | { found: false; reason: 'missing' | 'unreachable'; detail: string }

/**
 * Asks the npm registry (the one npm is configured for, or oclif's `ATMOS_NPM_REGISTRY`) whether a
 * package exists, with the npm that oclif's installer runs. A missing package (E404) is told apart
 * from a registry that could not be asked, so neither is reported as the other.
 */
export function lookUpPackage(
  npmBin: string,
  name: string,
  opts: { cwd: string; registry?: string },
): Promise<Lookup> {
  const [file, args] = npmBin.endsWith('.js') ? [process.execPath, [npmBin]] : [npmBin, []]
  args.push('view', name, 'name', '--json', '--loglevel=error', '--no-fund')
  if (opts.registry) args.push(`--registry=${opts.registry}`)
  return new Promise((resolve) => {
    execFile(file, args, { cwd: opts.cwd, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve({ found: true })
      const output = `${stdout}\n${stderr}`
      if (/\bE404\b/.test(output)) return resolve({ found: false, reason: 'missing', detail: '' })
      resolve({ found: false, reason: 'unreachable', detail: firstNpmError(output) ?? err.message })
    })
  })
}

function firstNpmError(output: string): string | undefined {
  try {
    const parsed = JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1))
    if (parsed?.error?.summary) return String(parsed.error.summary)
  } catch {
    // not JSON: fall back to npm's text
  }
  return output
    .split('\n')
    .map((l) => l.replace(/^npm (error|ERR!)\s*/, '').trim())
    .find((l) => l !== '' && !/^code\b/.test(l))
}
