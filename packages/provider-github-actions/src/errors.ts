/** GitHub API failures as the CLI's typed errors: which exit code, and what fixes it. Never the token. */
import {
  ConfigError,
  CredentialsError,
  DEFAULT_ENDPOINT,
  type Endpoint,
  isAtmosLogsError,
  notTheServiceError,
  ProviderError,
  unreachableEndpointError,
} from '@atmos-logs/core/errors'
import { isUnreachableCode, networkErrorCode, networkWords } from '@atmos-logs/core/runtime'
import { CutAnswer, contentTypeOf, NotGitHubAnswer, operationOf } from './client.js'

/** GitHub in messages about its endpoint. */
const SERVICE = {
  name: 'GitHub',
  otherwise: 'api.github.com',
  example: 'https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server',
}

export interface ErrorContext {
  /** What was being read, e.g. `the runs of deploy.yml in acme/app`. */
  what: string
  repo: string
  hasToken: boolean
  /** The source's name. */
  source: string
  endpoint: Endpoint
}

const SCOPES =
  'a token that can read Actions: a classic token with the `repo` scope (`public_repo` is enough for a public repository), or a fine-grained token with "Actions: read" on the repository'

type Failure = {
  status?: number
  message?: string
  request?: { method?: string; url?: string }
  response?: { data?: unknown; headers?: Record<string, unknown> }
}

const firstLine = (text: string) => text.split('\n')[0]!.replace(/\.$/, '')

export function explainGitHubError(err: unknown, ctx: ErrorContext): Error {
  if (isAtmosLogsError(err)) return err
  if (err instanceof Error && err.name === 'AbortError') return err
  const e = err as Failure
  const where = `The github/actions source "${ctx.source}"`
  const api =
    err instanceof NotGitHubAnswer ? err.api : operationOf(e.request?.method ?? 'GET', e.request?.url ?? '')
  const { endpoint } = ctx
  const chosen = endpoint.setBy !== DEFAULT_ENDPOINT

  // An answer no GitHub API gives: a page that is not JSON, from something else at that address.
  const type = err instanceof NotGitHubAnswer ? err.answer.contentType : contentTypeOf(e.response?.headers)
  if (err instanceof NotGitHubAnswer || (chosen && e.response && e.status! < 500 && !/json/.test(type))) {
    const status = err instanceof NotGitHubAnswer ? err.answer.status : e.status
    return notTheServiceError(where, SERVICE, api, endpoint, `HTTP ${status}, ${type}`, err)
  }
  if (err instanceof CutAnswer) {
    const hint = 'Try again; if it keeps happening, something between here and GitHub cuts answers short.'
    return new ProviderError(
      `${where} called ${api} at ${endpoint.url}, and the answers were not whole JSON (HTTP ${err.answer.status}, ${err.answer.contentType}), also when asked again. ${hint}`,
      { hint, cause: err },
    )
  }
  const code = networkErrorCode(err)
  if (!e.response && isUnreachableCode(code))
    return unreachableEndpointError(where, SERVICE.name, endpoint, `${networkWords(err)} (${code})`, err)

  const body = e.response?.data as { message?: unknown } | undefined
  const said =
    typeof body?.message === 'string'
      ? body.message
      : e.response
        ? (e.message ?? String(err))
        : networkWords(err)
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
        `Reading ${ctx.what} from GitHub failed${e.status && e.response ? ` (${e.status})` : ''}: ${firstLine(said)}`,
        { hint: 'Run again; add --debug for details.', cause: err },
      )
  }
}
