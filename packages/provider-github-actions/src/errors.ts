/** GitHub API failures as the CLI's typed errors: which exit code, and what fixes it. Never the token. */
import { ConfigError, CredentialsError, isAtmosLogsError, ProviderError } from '@atmos-logs/core/errors'

export interface ErrorContext {
  /** What was being read, e.g. `the runs of deploy.yml in acme/app`. */
  what: string
  repo: string
  hasToken: boolean
}

const SCOPES =
  'a token that can read Actions: a classic token with the `repo` scope (`public_repo` is enough for a public repository), or a fine-grained token with "Actions: read" on the repository'

export function explainGitHubError(err: unknown, ctx: ErrorContext): Error {
  if (isAtmosLogsError(err)) return err
  if (err instanceof Error && err.name === 'AbortError') return err
  const e = err as { status?: number; message?: string; response?: { data?: { message?: string } } }
  const said = e.response?.data?.message ?? e.message ?? String(err)
  switch (e.status) {
    case 401:
      return new CredentialsError(`GitHub refused the token while reading ${ctx.what} (401 ${said}).`, {
        hint: `Set GH_TOKEN (or GITHUB_TOKEN, ATMOS_GITHUB_TOKEN) to ${SCOPES}, or run \`gh auth login\`.`,
        cause: err,
      })
    case 403:
      return new CredentialsError(
        ctx.hasToken
          ? `GitHub denied ${ctx.what} (403 ${said}): the token lacks the permission to read Actions in ${ctx.repo}.`
          : `GitHub denied ${ctx.what} (403 ${said}) to an anonymous caller.`,
        { hint: `Use ${SCOPES}.`, cause: err },
      )
    case 404:
      if (!ctx.hasToken) {
        return new CredentialsError(
          `GitHub found nothing at ${ctx.repo} for an anonymous caller while reading ${ctx.what}: the repository does not exist or is private.`,
          {
            hint: `For a private repository set GH_TOKEN to ${SCOPES}, or run \`gh auth login\`.`,
            cause: err,
          },
        )
      }
      return new ConfigError(
        `GitHub found no ${ctx.what} (404): check the spec's repo and workflow, or the token cannot see ${ctx.repo}.`,
        { hint: `Fix repo/workflow in the source spec; a token needs ${SCOPES}.`, cause: err },
      )
    default:
      return new ProviderError(
        `Reading ${ctx.what} from GitHub failed${e.status ? ` (${e.status})` : ''}: ${said}`,
        { hint: 'Run again; add --debug for details.', cause: err },
      )
  }
}
