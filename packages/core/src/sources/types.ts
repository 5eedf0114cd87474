import type { EffectiveSettings } from './settings.js'

/** One resolved log source: exactly what `atmos logs sources --json` prints (plus description). */
export interface ResolvedSource {
  /** The atmos component, null for a direct-mode source from atmos.yaml. */
  component: string | null
  stack: string | null
  name: string
  kind: string
  /** The identity to authenticate with: the source's, else the `default: true` auth identity, else null. */
  identity: string | null
  /**
   * True when `identity` is the `default: true` identity rather than one the source names. Only
   * AWS kinds sign in with the default; other kinds get credentials only for a named identity.
   */
  identityFromDefault?: boolean
  default: boolean
  /** Provider options, templates rendered. */
  spec: Record<string, unknown>
  settings: EffectiveSettings
  description?: string
}

export interface SourceSelector {
  stack?: string
  /** One name, a comma-separated list, or globs (`api-*`). */
  component?: string
  allComponents?: boolean
  /** One source name, a comma-separated list (`--source app,worker`), or globs (`app*`). */
  source?: string
  /** `--all-sources`: every source of each selected component (every atmos.yaml source in direct mode). */
  allSources?: boolean
  /** `--identity NAME`: every selected source signs in as this identity for one run. */
  identity?: string
}

export interface ResolveOptions {
  /** One-line notices (components skipped because they have no logs block, ...). */
  notice?: (msg: string) => void
  env?: NodeJS.ProcessEnv
  /** --debug lines: which resolver described each component. */
  debug?: (obj: Record<string, unknown>, msg: string) => void
  /** This CLI's own bin, never taken for the Go atmos. */
  selfPath?: string
}

/** What `listSources` adds: how many rows at most when it lists every stack. */
export interface ListOptions extends ResolveOptions {
  /** Stop after this many sources (the caller says how many there were in all). */
  limit?: number
}

/** `atmos logs sources`: the rows, and how many there are in all when a limit cut them. */
export interface SourceListing {
  sources: ResolvedSource[]
  /** Every source found before the limit; equal to sources.length when nothing was cut. */
  total: number
  /** The stacks listed (empty in direct mode). */
  stacks: string[]
}
