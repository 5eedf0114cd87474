/**
 * Source resolution. Direct mode (no --stack/--component) reads `logs.sources` of atmos.yaml;
 * stack mode reads each selected component's `logs` block (or `settings.logs`), renders its spec
 * over the merged component, and merges settings defaults < atmos.yaml < component.
 */
import { dirname } from 'node:path'
import { type LogSourceConfig, LogsBlockSchema, type LogsSettings } from '../config/schema.js'
import { didYouMean, listNames } from '../config/suggest.js'
import type { AtmosConfig } from '../config/types.js'
import { validateWith } from '../config/validate.js'
import { hasPath } from '../config/yaml-file.js'
import { DEFERRED_MARKER } from '../config/yaml-functions.js'
import { ConfigError, CredentialsError } from '../errors.js'
import { type ComponentInstance, expandStacks, isStackPattern, selectComponents } from '../stacks/select.js'
import { describedInstance, functionUsedByLogs } from './delegate.js'
import { renderValue } from './render.js'
import { pickByNames, pickDefault, type SelectWhere, sourceMatcher } from './select.js'
import { effectiveSettings } from './settings.js'
import type { ResolvedSource, ResolveOptions, SourceSelector } from './types.js'

export function notFoundMessage(config: AtmosConfig): string {
  const dirs = [...new Set(config.searched.map((p) => dirname(p)))]
  return `No atmos.yaml was found (looked in ${dirs.join(', ')} for atmos.yaml or .atmos.yaml)`
}

export const NO_CONFIG_HINT =
  'Run from your atmos project (or below it, inside its git repository), or set ATMOS_CLI_CONFIG_PATH to the directory holding atmos.yaml.'

/**
 * The identity a source uses: its own (which must exist in auth.identities), else the one
 * `default: true` identity. An unknown identity can give no credentials, so it is a credentials
 * error (exit 3); several defaults are a configuration error.
 */
function effectiveIdentity(
  config: AtmosConfig,
  source: LogSourceConfig,
  where: { sourceName: string; owner: string; file?: string; yamlPath?: string },
): string | null {
  const identities = config.auth.identities
  if (source.identity) {
    if (Object.hasOwn(identities, source.identity)) return source.identity
    const known = Object.keys(identities)
    const configFile = config.file ?? 'atmos.yaml'
    if (where.yamlPath === undefined) {
      throw new CredentialsError(
        `--identity ${source.identity} names no identity in auth.identities of ${configFile}${known.length ? `; the known identities are ${listNames(known)}.${didYouMean(source.identity, known)}` : ', which defines none.'}`,
        {
          file: config.file,
          yamlPath: 'auth.identities',
          hint: 'Pass one of the identities under auth.identities to --identity.',
        },
      )
    }
    throw new CredentialsError(
      known.length === 0
        ? `Log source '${where.sourceName}' of ${where.owner} uses identity '${source.identity}', but ${configFile} defines no auth.identities.`
        : `Log source '${where.sourceName}' of ${where.owner} uses identity '${source.identity}', which is not in auth.identities of ${configFile}; the known identities are ${listNames(known)}.${didYouMean(source.identity, known)}`,
      {
        file: where.file,
        yamlPath: `${where.yamlPath}.identity`,
        hint: `Use one of the identities under auth.identities, add '${source.identity}' there, or remove \`identity\` to use the default identity.`,
      },
    )
  }
  const defaults = Object.entries(identities)
    .filter(([, id]) => id.default === true)
    .map(([name]) => name)
    .sort()
  if (defaults.length > 1) {
    throw new ConfigError(
      `Log source '${where.sourceName}' of ${where.owner} names no identity, and auth.identities of ${config.file ?? 'atmos.yaml'} marks several as default: true (${listNames(defaults)}), so there is no single default to use.`,
      {
        file: config.file,
        yamlPath: 'auth.identities',
        hint: 'Keep default: true on exactly one identity, or give the source an identity.',
      },
    )
  }
  return defaults[0] ?? null
}

interface SourceContext {
  component: string | null
  stack: string | null
  owner: string
  file?: string
  /** YAML path of the `sources` map. */
  yamlPath: string
  settings: (LogsSettings | null | undefined)[]
  data: Record<string, unknown>
  /** `--identity NAME` for this run. */
  identityOverride?: string
}

async function resolveOne(
  config: AtmosConfig,
  name: string,
  source: LogSourceConfig,
  ctx: SourceContext,
  opts: ResolveOptions,
): Promise<ResolvedSource> {
  const yamlPath = `${ctx.yamlPath}.${name}`
  const templateName = `${ctx.file ?? 'atmos.yaml'}: ${yamlPath}`
  const env = opts.env ?? config.env
  const rendered = {
    kind: await renderValue(source.kind, { name: `${templateName}.kind`, data: ctx.data, env }),
    identity: await renderValue(source.identity, { name: `${templateName}.identity`, data: ctx.data, env }),
    description: await renderValue(source.description, {
      name: `${templateName}.description`,
      data: ctx.data,
      env,
    }),
    spec: await renderValue(source.spec ?? {}, { name: `${templateName}.spec`, data: ctx.data, env }),
  }
  // `--identity NAME` replaces every source's identity for this run (it must exist all the same).
  const override = ctx.identityOverride
  // A template reached a YAML function value by a way the pre-check does not follow: never use it.
  if (containsMarker(rendered)) {
    throw new ConfigError(
      `Log source '${name}' of ${ctx.owner} renders a value only the Go atmos can compute (a YAML function such as !terraform.output) (${templateName}).`,
      {
        file: ctx.file,
        yamlPath,
        hint: 'Set logs.settings.resolver: atmos in atmos.yaml (with the Go atmos installed), or write the value itself in the logs block.',
      },
    )
  }
  const withIdentity: LogSourceConfig = { ...source, identity: override ?? rendered.identity }
  const out: ResolvedSource = {
    component: ctx.component,
    stack: ctx.stack,
    name,
    kind: rendered.kind,
    identity: effectiveIdentity(config, withIdentity, {
      sourceName: name,
      owner: ctx.owner,
      file: ctx.file,
      yamlPath: override ? undefined : yamlPath,
    }),
    default: source.default === true,
    spec: rendered.spec,
    settings: effectiveSettings(...ctx.settings),
  }
  if (rendered.description !== undefined) out.description = rendered.description
  if (out.identity !== null && !withIdentity.identity) out.identityFromDefault = true
  return out
}

function containsMarker(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(DEFERRED_MARKER)
  if (Array.isArray(value)) return value.some(containsMarker)
  if (value && typeof value === 'object') return Object.values(value).some(containsMarker)
  return false
}

function sortedEntries(sources: Record<string, LogSourceConfig>): [string, LogSourceConfig][] {
  return Object.entries(sources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

// ---------------------------------------------------------------- direct mode (atmos.yaml)

function directContext(config: AtmosConfig, selector: SourceSelector): SourceContext {
  return {
    identityOverride: selector.identity,
    component: null,
    stack: null,
    owner: 'atmos.yaml',
    file: config.file,
    yamlPath: 'logs.sources',
    settings: [config.logs.settings],
    data: { env: { ...(config.env as Record<string, unknown>) } },
  }
}

function directWhere(config: AtmosConfig): SelectWhere {
  return { owner: 'atmos.yaml', file: config.file, yamlPath: 'logs.sources' }
}

async function resolveDirect(
  config: AtmosConfig,
  selector: SourceSelector,
  opts: ResolveOptions,
  all: boolean,
): Promise<ResolvedSource[]> {
  const entries = sortedEntries(config.logs.sources)
  if (!config.file && (selector.source || !all)) {
    throw new ConfigError(
      `${notFoundMessage(config)}, so there are no log sources to read${selector.source ? ` ('${selector.source}' was asked for)` : ''}.`,
      { hint: `${NO_CONFIG_HINT} Or name a component with --stack and --component.` },
    )
  }
  const ctx = directContext(config, selector)
  const named = entries.map(([name, source]) => ({ name, default: source.default, source }))
  if (all) return Promise.all(named.map((s) => resolveOne(config, s.name, s.source, ctx, opts)))
  if (named.length === 0) {
    throw new ConfigError(`${config.file} defines no log sources under logs.sources.`, {
      file: config.file,
      yamlPath: 'logs.sources',
      hint: 'Name a component with --stack and --component, or add a source under logs.sources in atmos.yaml (each needs a `kind` and a `spec`).',
    })
  }
  const names = sourceNames(selector.source)
  const chosen = selector.allSources
    ? named
    : names.length > 0
      ? pickByNames(named, names, directWhere(config))
      : [pickDefault(named, directWhere(config))]
  return Promise.all(chosen.map((s) => resolveOne(config, s.name, s.source, ctx, opts)))
}

/** `--source a,b` names several sources; blanks and repeats are ignored. */
function sourceNames(source: string | undefined): string[] {
  if (!source) return []
  return [...new Set(source.split(',').map((n) => n.trim()))].filter((n) => n !== '')
}

// ---------------------------------------------------------------- stack mode (components)

interface ComponentLogs {
  settings?: LogsSettings | null
  sources: Record<string, LogSourceConfig>
  yamlPath: string
}

/** The component's logs block: top-level `logs`, with `settings.logs` accepted beneath it. */
function componentLogs(inst: ComponentInstance): ComponentLogs | undefined {
  const section = inst.section
  const top = section.logs
  const nested = (section.settings as Record<string, unknown> | undefined)?.logs
  if ((top === undefined || top === null) && (nested === undefined || nested === null)) return undefined
  const base = `components.${inst.type}.${inst.component}`
  const parse = (value: unknown, path: string) =>
    validateWith(LogsBlockSchema, value, {
      files: inst.files,
      what: `logs block of component '${inst.component}' in stack '${inst.stack}'`,
      prefix: path.split('.'),
      fallbackFile: inst.file,
      hint: 'Correct the keys named above in the component (or the base it inherits from); every log source needs a `kind` and keeps provider options under `spec`.',
    })
  const fromNested =
    nested === undefined || nested === null ? undefined : parse(nested, `${base}.settings.logs`)
  const fromTop = top === undefined || top === null ? undefined : parse(top, `${base}.logs`)
  return {
    settings: { ...(fromNested?.settings ?? {}), ...(fromTop?.settings ?? {}) },
    sources: { ...(fromNested?.sources ?? {}), ...(fromTop?.sources ?? {}) },
    yamlPath: fromTop ? `${base}.logs.sources` : `${base}.settings.logs.sources`,
  }
}

/** The manifest that declares the component's sources (an import, often), else the stack manifest. */
function declaringFile(inst: ComponentInstance, yamlPath: string): string {
  const names = [inst.component, ...((inst.section.inheritance as string[] | undefined) ?? [])]
  const rest = yamlPath.split('.').slice(3)
  for (const name of names) {
    const path = ['components', inst.type, name, ...rest]
    for (let i = inst.files.length - 1; i >= 0; i--) {
      if (hasPath(inst.files[i]!.value, path)) return inst.files[i]!.file
    }
  }
  return inst.file
}

function templateData(inst: ComponentInstance): Record<string, unknown> {
  // A logs template that atmos's render of the file left alone (the file has a template only the
  // component can fill) still sees the stack manifest's locals, under the component's own.
  const locals =
    inst.fileLocals || inst.section.locals
      ? { ...inst.fileLocals, ...(inst.section.locals as Record<string, unknown> | undefined) }
      : undefined
  return {
    ...inst.section,
    ...(locals ? { locals } : {}),
    atmos_component: inst.component,
    atmos_stack: inst.stack,
    atmos_stack_file: inst.stackFile,
    workspace: inst.workspace,
  }
}

async function resolveStack(
  config: AtmosConfig,
  selector: SourceSelector,
  opts: ResolveOptions,
  all: boolean,
  /** Say which components are skipped for having no logs block (not when listing a whole stack). */
  sayNoLogs = true,
  /**
   * One stack of several (`--stack 'plat-*-dev'`): a stack without the selected components or
   * sources gives none, silently; the caller says when no stack gave any.
   */
  oneOfSeveral = false,
): Promise<ResolvedSource[]> {
  if (!config.file) {
    throw new ConfigError(
      `${notFoundMessage(config)}, so the stacks of '${selector.stack ?? ''}' cannot be read.`,
      {
        hint: NO_CONFIG_HINT,
      },
    )
  }
  const instances = await selectComponents(config, selector, { notice: opts.notice, lenient: oneOfSeveral })
  const multi =
    oneOfSeveral ||
    instances.length > 1 ||
    selector.allComponents === true ||
    /[,*?[{]/.test(selector.component ?? '')
  const out: ResolvedSource[] = []
  const names = sourceNames(selector.source)
  const missingSource: string[] = []
  // Components without a logs block, said once the loop knows whether anything is left to read.
  const noLogs: { component: string; stack: string }[] = []
  for (const found of instances) {
    // A component whose logs need a value only the Go atmos computes is described by it.
    const blocks = [found.section.logs, (found.section.settings as Record<string, unknown> | undefined)?.logs]
    const inst = blocks.some((b) => b !== undefined && b !== null)
      ? await describedInstance(config, found, functionUsedByLogs(blocks, templateData(found)), opts)
      : found
    const logs = componentLogs(inst)
    const owner = `component '${inst.component}' in stack '${inst.stack}'`
    if (!logs || Object.keys(logs.sources).length === 0) {
      if (multi) {
        noLogs.push({ component: inst.component, stack: inst.stack })
        continue
      }
      throw new ConfigError(`The ${owner} has no log sources (${inst.file}).`, {
        file: inst.file,
        yamlPath: `components.${inst.type}.${inst.component}.logs`,
        hint: `Add a \`logs:\` block with \`sources:\` to the component (beside \`vars:\`), or to \`settings.logs\`; see \`atmos logs sources --stack ${inst.stack}\` for components that have one.`,
      })
    }
    const ctx: SourceContext = {
      component: inst.component,
      stack: inst.stack,
      owner,
      file: declaringFile(inst, logs.yamlPath),
      yamlPath: logs.yamlPath,
      settings: [config.logs.settings, logs.settings],
      data: templateData(inst),
      identityOverride: selector.identity,
    }
    const named = sortedEntries(logs.sources).map(([name, source]) => ({
      name,
      default: source.default,
      source,
    }))
    const where: SelectWhere = { owner, file: ctx.file, yamlPath: logs.yamlPath }
    let chosen: typeof named
    if (all || selector.allSources) chosen = named
    else if (names.length > 0) {
      // Among several components, each reads whichever of the named sources (or globs) it has.
      const present = multi ? names.filter((name) => named.some((s) => sourceMatcher(name)(s.name))) : names
      if (present.length === 0) {
        missingSource.push(inst.component)
        continue
      }
      chosen = pickByNames(named, present, where)
    } else chosen = [pickDefault(named, where)]
    for (const s of chosen) out.push(await resolveOne(config, s.name, s.source, ctx, opts))
  }
  if (oneOfSeveral) return sortResolved(out)
  // A read of several components none of which has logs would otherwise read nothing and say nothing.
  if (!all && out.length === 0 && missingSource.length === 0 && noLogs.length > 0) {
    throw new ConfigError(
      `None of the selected components in stack '${selector.stack}' has a logs block (${listNames(noLogs.map((c) => c.component))}).`,
      {
        hint: `Add a \`logs:\` block with \`sources:\` to the component (beside \`vars:\`), or to \`settings.logs\`; \`atmos logs sources --stack ${selector.stack}\` lists the components that have one.`,
      },
    )
  }
  if (sayNoLogs) {
    for (const c of noLogs)
      opts.notice?.(`Skipping component '${c.component}' in stack '${c.stack}': it has no logs block.`)
  }
  if (names.length > 0 && missingSource.length > 0) {
    const wanted = names.map((n) => `'${n}'`).join(' or ')
    if (out.length === 0) {
      throw new ConfigError(
        `None of the selected components (${listNames(missingSource)}) in stack '${selector.stack}' has a log source ${wanted}.`,
        {
          hint: 'Run `atmos logs sources` with the same --stack and --component to see the names each component offers.',
        },
      )
    }
    opts.notice?.(
      `Skipping ${listNames(missingSource)} in stack '${selector.stack}': no log source ${wanted}.`,
    )
  }
  return sortResolved(out)
}

function sortResolved(list: ResolvedSource[]): ResolvedSource[] {
  const key = (s: ResolvedSource) => `${s.component ?? ''}\u0000${s.stack ?? ''}\u0000${s.name}`
  return list.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

function isStackMode(selector: SourceSelector): boolean {
  return Boolean(selector.stack || selector.component || selector.allComponents)
}

function checkSelector(selector: SourceSelector, forList: boolean): void {
  if ((selector.component || selector.allComponents) && !selector.stack) {
    throw new ConfigError(
      `${selector.allComponents ? '--all-components' : `--component ${selector.component}`} needs --stack: a component is only defined within a stack.`,
      { hint: 'Add --stack NAME (see `atmos list stacks`).' },
    )
  }
  if (selector.component && selector.allComponents) {
    throw new ConfigError('--component and --all-components cannot be used together.', {
      hint: 'Use --component to name components (a list or globs), or --all-components for every component of the stack.',
    })
  }
  if (selector.stack && !selector.component && !selector.allComponents && !forList) {
    throw new ConfigError(
      `--stack ${selector.stack} needs --component or --all-components to know which logs to read.`,
      {
        hint: `Add --component NAME (a list like 'a,b' or a glob like 'api-*'), or --all-components; \`atmos logs sources --stack ${selector.stack}\` lists what is available.`,
      },
    )
  }
}

/**
 * The sources to read for a command: one per selected component (the `--source`, else the
 * default, else the only one), or one from atmos.yaml in direct mode.
 */
export async function resolveSources(
  config: AtmosConfig,
  selector: SourceSelector,
  opts: ResolveOptions = {},
): Promise<ResolvedSource[]> {
  checkSelector(selector, false)
  if (!isStackMode(selector)) return resolveDirect(config, selector, opts, false)
  if (isStackPattern(selector.stack)) return resolveAcrossStacks(config, selector, opts)
  return resolveStack(config, selector, opts, false)
}

/**
 * A read over the stacks a list or glob names (`-s 'plat-*-dev' -c api`): each stack gives the
 * selected components it has, with the sources asked for; a stack that has none of them is passed
 * over, and it is an error only when no stack gives a source.
 */
async function resolveAcrossStacks(
  config: AtmosConfig,
  selector: SourceSelector,
  opts: ResolveOptions,
): Promise<ResolvedSource[]> {
  const stacks = await expandStacks(config, selector.stack as string)
  const out: ResolvedSource[] = []
  for (const stack of stacks)
    out.push(...(await resolveStack(config, { ...selector, stack }, opts, false, false, true)))
  if (out.length === 0) {
    const components = selector.allComponents ? 'component' : `component '${selector.component}'`
    const names = sourceNames(selector.source)
    const what = names.length > 0 ? `a log source ${names.map((n) => `'${n}'`).join(' or ')}` : 'a logs block'
    throw new ConfigError(
      `No ${components} in the stacks that '${selector.stack}' names (${listNames(stacks)}) has ${what}.`,
      {
        hint: `\`atmos logs sources --stack '${selector.stack}'\` lists the sources each of them has.`,
      },
    )
  }
  return sortResolved(out)
}

/**
 * Every source for `atmos logs sources`: atmos.yaml's in direct mode, or all sources of the selected
 * components (all components of the stack when only --stack is given). `--source` narrows by name.
 */
export async function listSources(
  config: AtmosConfig,
  selector: SourceSelector,
  opts: ResolveOptions = {},
): Promise<ResolvedSource[]> {
  checkSelector(selector, true)
  // `sources --stack S` lists the whole stack, where a component without logs is simply not a row.
  const wholeStack = Boolean(selector.stack && !selector.component && !selector.allComponents)
  const effective: SourceSelector = wholeStack ? { ...selector, allComponents: true } : selector
  const all = isStackMode(effective)
    ? await resolveStack(config, effective, opts, true, !wholeStack)
    : await resolveDirect(config, effective, opts, true)
  return withSourceNames(config, all, selector.source)
}

/**
 * The listed sources `--source` names (names or globs, comma-separated); all of them without it.
 * Naming none of the listed sources is an error that lists the names there are.
 */
export function withSourceNames(
  config: AtmosConfig,
  all: ResolvedSource[],
  source: string | undefined,
): ResolvedSource[] {
  const names = sourceNames(source)
  if (names.length === 0) return all
  const matchers = names.map(sourceMatcher)
  const hit = all.filter((s) => matchers.some((match) => match(s.name)))
  if (hit.length === 0) {
    const known = [...new Set(all.map((s) => s.name))]
    throw new ConfigError(
      `No log source is named '${source}'${known.length ? `; the known sources are ${listNames(known)}.${didYouMean(names[0]!, known)}` : '.'}`,
      { file: config.file, hint: 'Run without --source to list every source.' },
    )
  }
  return hit
}
