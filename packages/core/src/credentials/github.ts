import type { GitHubCredentials, Logger } from '../contract.js'
import { findOnPath } from '../go-atmos/find-program.js'
import { execTimeBoxed, TimedOutError } from './exec.js'
import type { ExecFile } from './types.js'

const TOKEN_VARIABLES = ['GH_TOKEN', 'GITHUB_TOKEN', 'ATMOS_GITHUB_TOKEN'] as const
/** Where a GitHub token is looked for, in order, in words. */
export const GITHUB_TOKEN_CHAIN = `${TOKEN_VARIABLES.join(', ')}, else \`gh auth token\``

export interface GitHubInput {
  env: NodeJS.ProcessEnv
  execFile: ExecFile
  timeoutMs: number
  logger: Logger
}

/** `GITHUB_API_URL` without a trailing slash, when set (GitHub Enterprise, or the emulator). */
export function githubBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.GITHUB_API_URL?.trim().replace(/\/+$/, '')
  return url || undefined
}

/**
 * The host `gh` keys its tokens by, for an API URL other than github.com's: GitHub Enterprise
 * Server serves the API at `https://HOST/api/v3`, GHE.com at `https://api.SUBDOMAIN.ghe.com`.
 */
export function ghHostname(baseUrl: string | undefined): string | undefined {
  if (!baseUrl) return undefined
  let host: string
  try {
    host = new URL(baseUrl).host
  } catch {
    return undefined
  }
  if (host === 'api.github.com' || host === 'github.com') return undefined
  if (host.startsWith('api.') && host.endsWith('.ghe.com')) return host.slice(4)
  return host
}

/** A token from the environment, else from `gh auth token`; anonymous (with a warning) when none. */
export async function resolveGitHubCredentials(input: GitHubInput): Promise<GitHubCredentials> {
  const { env, logger } = input
  const baseUrl = githubBaseUrl(env)
  for (const name of TOKEN_VARIABLES) {
    const token = env[name]?.trim()
    if (token) {
      logger.debug({ from: name, baseUrl }, 'GitHub token taken from the environment')
      return { type: 'github', token, baseUrl }
    }
  }

  const token = await tokenFromGh(input, ghHostname(baseUrl))
  if (token) return { type: 'github', token, baseUrl }

  logger.warn(
    { baseUrl: baseUrl ?? 'https://api.github.com' },
    `No GitHub token found (${GITHUB_TOKEN_CHAIN}): reading GitHub anonymously, which sees public repositories only and is limited to 60 requests an hour. Set GH_TOKEN or run \`gh auth login\` for more.`,
  )
  return { type: 'github', baseUrl }
}

async function tokenFromGh(input: GitHubInput, hostname: string | undefined): Promise<string | undefined> {
  const [gh] = await findOnPath('gh', input.env)
  if (!gh) return undefined
  const args = hostname ? ['auth', 'token', '--hostname', hostname] : ['auth', 'token']
  try {
    const result = await execTimeBoxed(input.execFile, gh, args, {
      env: { ...input.env, GH_PROMPT_DISABLED: '1' },
      timeoutMs: input.timeoutMs,
    })
    const token = result.code === 0 ? result.stdout.trim().split(/\r?\n/)[0]?.trim() : undefined
    if (token) {
      input.logger.debug({ from: 'gh auth token', hostname }, 'GitHub token taken from gh')
      return token
    }
    // gh's stderr is not shown: it only says there is no login, which the warning covers.
    input.logger.debug({ code: result.code, hostname }, '`gh auth token` gave no token')
  } catch (err) {
    if (err instanceof TimedOutError) {
      input.logger.warn({ gh, hostname }, `\`gh auth token\` hung for ${err.timeoutMs} ms and was stopped`)
    } else {
      input.logger.debug({ gh, hostname }, `\`gh auth token\` could not run: ${(err as Error).message}`)
    }
  }
  return undefined
}
