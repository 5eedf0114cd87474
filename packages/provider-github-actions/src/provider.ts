import type {
  Capability,
  GetLogsOptions,
  GitHubCredentials,
  LogEntry,
  LogSourceInfo,
  ProviderContext,
  ProviderEvent,
  StreamingProvider,
  TailOptions,
} from '@atmos-logs/core/contract'
import { DEFAULT_ENDPOINT, type Endpoint } from '@atmos-logs/core/errors'
import { type Clock, readProgressOf, SpecProvider } from '@atmos-logs/core/runtime'
import { BATCHES, type Batched, batched } from '@atmos-logs/core/stream'
import { GitHubApi, type WaitKind } from './client.js'
import { workflowLabel } from './entries.js'
import { EnvironmentRuns } from './environment.js'
import { type ErrorContext, explainGitHubError } from './errors.js'
import { followRuns } from './follow.js'
import { ROUTES, type Workflow } from './github-types.js'
import { newestOf, type ReadContext, readRuns } from './run-reader.js'
import { inRange, listRuns, runSelectionOf, selectRuns } from './runs.js'
import { lineSelection } from './select.js'
import { type GitHubActionsSpec, parseSpec } from './spec.js'

export const KIND = 'github/actions'
export const CAPABILITIES: Capability[] = ['list', 'get', 'tail']
const DEFAULT_TAIL_LINES = 20
const PUBLIC_API = 'https://api.github.com'

/** Extra keys of GetLogsOptions / TailOptions this provider reads (the CLI's flags). */
export interface GitHubActionsReadOptions {
  runId?: string | number
  attempt?: string | number
  job?: string
  step?: string
  failed?: boolean
  /** --since was given on the command line (else the most recent run alone is read). */
  sinceFromFlag?: boolean
  /** tailLogs: false stops after the newest `lines`. */
  follow?: boolean
  /** tail --follow: stop when the run completes, failing unless it succeeded. */
  exitStatus?: boolean
  onEvent?: (event: ProviderEvent) => void
}

export interface GitHubActionsProviderOptions {
  clock?: Clock
  env?: NodeJS.ProcessEnv
}

export class GitHubActionsProvider
  extends SpecProvider<GitHubActionsSpec, GitHubActionsProviderOptions>
  implements StreamingProvider
{
  readonly kind = KIND
  readonly capabilities = CAPABILITIES
  private apiClient?: GitHubApi
  private envRuns?: EnvironmentRuns

  constructor(ctx: ProviderContext, options: GitHubActionsProviderOptions = {}) {
    super(ctx, options, parseSpec)
  }

  private get credentials(): GitHubCredentials | undefined {
    const c = this.ctx.credentials
    return c?.type === 'github' ? c : undefined
  }

  /** spec.api_url, else GITHUB_API_URL (through the credentials), else api.github.com. */
  get baseUrl(): string {
    return this.endpoint.url
  }

  /** The API root and what chose it, for messages about the endpoint. */
  get endpoint(): Endpoint {
    const env = this.options.env ?? process.env
    const fromEnv = this.credentials?.baseUrl ?? env.GITHUB_API_URL?.trim()
    const [url, setBy] = this.spec.apiUrl
      ? [this.spec.apiUrl, "the source's api_url"]
      : fromEnv
        ? [fromEnv, 'the GITHUB_API_URL environment variable']
        : [PUBLIC_API, DEFAULT_ENDPOINT]
    return { url: url.replace(/\/+$/, ''), setBy }
  }

  /** The spec's environment, with what is known of its deployments (shared: it only ever learns facts). */
  private get environmentRuns(): EnvironmentRuns | undefined {
    if (!this.spec.environment) return undefined
    this.envRuns ??= new EnvironmentRuns(this.api, this.ref, this.spec.environment)
    return this.envRuns
  }

  private get api(): GitHubApi {
    this.apiClient ??= new GitHubApi({
      baseUrl: this.baseUrl,
      token: this.credentials?.token,
      logger: this.ctx.logger,
      clock: this.clock,
    })
    return this.apiClient
  }

  /** Requests made so far (API calls and log downloads), for the bench and --debug. */
  get requestCounts(): { api: number; blobs: number } {
    return { ...this.api.counts }
  }

  /** Where one read's events go: its own `onEvent`, and --debug. */
  private reporter(onEvent: GitHubActionsReadOptions['onEvent']): (event: ProviderEvent) => void {
    return (event) => {
      if (event.type !== 'step') this.ctx.logger.debug({ source: this.name }, event.message)
      onEvent?.(event)
    }
  }

  private get ref() {
    return { owner: this.spec.owner, repo: this.spec.repo }
  }

  private get repoName(): string {
    return `${this.spec.owner}/${this.spec.repo}`
  }

  /** One read's context: everything per call travels in it, never on the instance. */
  private readContext(opts: GetLogsOptions): ReadContext & { emit(event: ProviderEvent): void } {
    const emit = this.reporter((opts as GitHubActionsReadOptions).onEvent)
    // Each kind of wait is said once per read on stderr; later ones only update the status line.
    const said = new Set<WaitKind>()
    return {
      api: this.api,
      ref: this.ref,
      logger: this.ctx.logger,
      signal: opts.signal,
      progress: readProgressOf(opts),
      waiting: (kind, message) => {
        emit({ type: said.has(kind) ? 'status' : 'notice', message })
        said.add(kind)
      },
      emit,
    }
  }

  /** What a failure is explained with. */
  private errorContext(what: string): ErrorContext {
    return {
      what,
      repo: this.repoName,
      hasToken: Boolean(this.credentials?.token),
      source: this.name,
      endpoint: this.endpoint,
    }
  }

  /** Runs a read, turning GitHub's failures into the CLI's typed errors. */
  private async *guarded<T>(
    what: string,
    signal: AbortSignal,
    read: () => AsyncGenerator<T>,
  ): AsyncGenerator<T> {
    try {
      for await (const item of read()) {
        // What is left of a read is not handed out once the signal aborts.
        if (signal.aborted) return
        yield item
      }
    } catch (err) {
      // Ctrl-C (or the end of a --limit) cancels requests in flight: that is an end, not a failure.
      if (signal.aborted) return
      throw explainGitHubError(err, this.errorContext(what))
    } finally {
      this.ctx.logger.debug(
        { source: this.name, requests: this.api.counts },
        `GitHub requests: ${this.api.counts.api} API calls, ${this.api.counts.blobs} log downloads`,
      )
    }
  }

  private describeRuns(): string {
    const env = this.spec.environment ? ` that deployed to ${this.spec.environment}` : ''
    return `the runs of ${this.spec.workflow ?? 'every workflow'} in ${this.repoName}${env}`
  }

  async listSources(opts: { signal: AbortSignal }): Promise<LogSourceInfo[]> {
    try {
      const call = { signal: opts.signal }
      const workflows = await this.api.list<Workflow>(ROUTES.workflows, this.ref, call)
      const runs = await listRuns(this.api, this.ref, this.spec, {}, call, 10)
      return [
        ...workflows.map((w) => ({
          name: w.path.split('/').pop() ?? w.name,
          description: `workflow "${w.name}" (${w.state})`,
          metadata: { kind: 'workflow', id: w.id, path: w.path, state: w.state },
        })),
        ...runs.map((r) => ({
          name: `run ${r.id}`,
          description: `#${r.run_number} ${workflowLabel(r)} on ${r.head_branch ?? '?'}: ${r.conclusion ?? r.status}${r.display_title ? ` — ${r.display_title}` : ''}`,
          metadata: {
            kind: 'run',
            runId: r.id,
            runNumber: r.run_number,
            status: r.status,
            conclusion: r.conclusion,
            createdAt: r.created_at,
            htmlUrl: r.html_url,
          },
        })),
      ]
    } catch (err) {
      throw explainGitHubError(err, this.errorContext(`the workflows and runs of ${this.repoName}`))
    }
  }

  getLogs(opts: GetLogsOptions): Batched<LogEntry> {
    const runSel = runSelectionOf(opts)
    const sel = lineSelection(opts)
    return batched(
      () => this.guarded(this.describeRuns(), opts.signal, () => this.runLines(opts, runSel, sel)),
      opts.signal,
    )
  }

  /** The selected runs' lines (whole runs: a range picks runs by creation time) in one time line. */
  private async *runLines(
    opts: GetLogsOptions,
    runSel: ReturnType<typeof runSelectionOf>,
    sel: ReturnType<typeof lineSelection>,
  ): AsyncGenerator<LogEntry[]> {
    const c = this.readContext(opts)
    const runs = await selectRuns(this.api, this.ref, this.spec, runSel, c, this.environmentRuns)
    if (runs.length === 0) {
      const env = this.spec.environment ? ` that deployed to ${this.spec.environment}` : ''
      c.emit({ type: 'status', message: `no runs of ${this.spec.workflow ?? this.repoName}${env} found` })
    }
    const contexts = runs.map(({ run, attempt }) => ({
      repo: this.repoName,
      workflow: workflowLabel(run),
      run,
      attempt,
    }))
    const kept = inRange(runSel)
    // --limit counted runs (selectRuns): every line of the runs read is handed out.
    for await (const batch of readRuns(c, contexts, sel)) {
      const inside = batch.filter((e) => kept(e.timestamp))
      if (inside.length > 0) yield inside
    }
  }

  tailLogs(opts: TailOptions): AsyncIterable<LogEntry> {
    const o = opts as TailOptions & GitHubActionsReadOptions
    const runSel = runSelectionOf(o)
    const sel = lineSelection(o)
    const lines = opts.lines ?? DEFAULT_TAIL_LINES
    if (o.follow === false) {
      const self = this
      return this.guarded(this.describeRuns(), opts.signal, async function* () {
        yield* await newestOf(self.getLogs({ ...opts, limit: undefined })[BATCHES](), lines)
      })
    }
    return this.guarded(this.describeRuns(), opts.signal, () =>
      followRuns({
        ...this.readContext(opts),
        spec: this.spec,
        sel,
        clock: this.clock,
        env: this.environmentRuns,
        lines,
        runId: runSel.runId,
        exitStatus: o.exitStatus === true,
      }),
    )
  }

  async close(): Promise<void> {}
}
