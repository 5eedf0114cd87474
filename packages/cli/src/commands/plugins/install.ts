import { mkdir, stat } from 'node:fs/promises'
import { ProviderError, UsageError } from '@atmos-logs/core/errors'
import * as Flags from '@oclif/core/flags'
import { commands } from '@oclif/plugin-plugins'
import { renderError } from '../../errors.js'
import { lookUpPackage } from '../../plugin-install/lookup.js'
import { installerNpm } from '../../plugin-install/npm-bin.js'
import {
  describeRequest,
  type InstallRequest,
  isOutsideScope,
  type Naming,
  parseInstallRequest,
} from '../../plugin-install/request.js'
import { confirmTrust } from '../../plugin-install/trust.js'
import { checkPlugins } from '../../plugins.js'

const StockInstall: (typeof commands)['plugins:install'] = commands['plugins:install']
type StockPlugins = Parameters<InstanceType<typeof StockInstall>['parsePlugin']>[0]
type ParsedPlugin = Awaited<ReturnType<InstanceType<typeof StockInstall>['parsePlugin']>>

/**
 * `atmos plugins install`, oclif's installer with our naming and trust rules in front and a check
 * of what the plugin provides after it. The stock command stays in charge of npm, the user's
 * plugin list and `plugins update`; only how an argument becomes a package changes (its
 * `parsePlugin`), because oclif falls back from `@atmos-logs/provider-NAME` to an unscoped `NAME`,
 * reads `./x.tgz` as a GitHub repository, and runs its `plugins:preinstall` hook without the flags.
 */
export default class PluginsInstall extends StockInstall {
  // oclif's parser copies a command's own statics only: restate what the stock command declares.
  static override aliases = ['plugins:add']
  static override args = StockInstall.args
  static override strict = false
  static override enableJsonFlag = true
  static override summary = 'Install a provider plugin into <%= config.bin %>.'
  static override description =
    `A short name only ever means a package of the @atmos-logs scope: \`gcp\` installs @atmos-logs/provider-gcp, and fails if there is none. Any other package is installed by its full name, on purpose: \`@acme/atmos-logs-provider-x\`, or \`npm:NAME\` for an unscoped package. A path (./provider.tgz, /abs/provider.tgz, ../provider) installs from disk.

A plugin runs on this machine with your permissions: the first install of a package outside @atmos-logs asks you to confirm on a terminal; scripts pass --yes.

Use the <%= config.scopedEnvVarKey('NPM_REGISTRY') %> environment variable to set the npm registry.`
  static override examples = [
    { command: '<%= config.bin %> <%= command.id %> gcp', description: 'Install @atmos-logs/provider-gcp.' },
    {
      command: '<%= config.bin %> <%= command.id %> @acme/atmos-logs-provider-x --yes',
      description: 'Install a third-party provider by its full name, without asking.',
    },
    {
      command: '<%= config.bin %> <%= command.id %> npm:atmos-logs-provider-y',
      description: 'Install an unscoped package by its name.',
    },
    {
      command: '<%= config.bin %> <%= command.id %> ./my-provider-1.0.0.tgz',
      description: 'Install a packed tarball.',
    },
  ]
  static override flags = {
    ...StockInstall.flags,
    yes: Flags.boolean({
      char: 'y',
      description: 'Install packages from outside the @atmos-logs scope without asking (for scripts).',
    }),
  }

  private yes = false

  override async run(): Promise<void> {
    const { flags } = await this.parse(PluginsInstall)
    this.yes = flags.yes
    // The stock command parses this.argv with its own flags, which know no --yes.
    this.argv = this.argv.filter((a) => a !== '--yes' && a !== '-y')
    const before = new Map(this.config.plugins)
    await super.run()
    const installed = [...this.config.plugins]
      .filter(([name, p]) => before.get(name) !== p)
      .map(([name]) => name)
    await this.reportProviders(installed)
  }

  override async parsePlugin(plugins: StockPlugins, input: string): Promise<ParsedPlugin> {
    const naming = this.naming()
    const request = parseInstallRequest(input, naming)
    if (request.via === 'short' || request.via === 'npm') await this.requireInRegistry(request, input)
    if (request.via === 'path') await requirePath(request.path)
    if (isOutsideScope(request, naming) && !(await alreadyInstalled(plugins, request))) {
      await confirmTrust({ what: describeRequest(request), scope: naming.scope, yes: this.yes })
    }
    if (request.via === 'path') {
      // npm links a folder by default; a plugin is installed as a copy, as from a tarball.
      if ((await stat(request.path)).isDirectory()) process.env.npm_config_install_links = 'true'
      return { type: 'repo', url: `file:${request.path}` }
    }
    if (request.via === 'url') return { type: 'repo', url: request.url }
    return { type: 'npm', name: request.name, tag: request.tag }
  }

  override async catch(err: Error & { exitCode?: number }): Promise<void> {
    const { text, exitCode } = renderError(err, {
      debug: process.argv.includes('--debug'),
      scrub: (s) => s,
      command: `${this.config.bin} plugins install`,
    })
    process.stderr.write(`${text}\n`)
    process.exitCode = exitCode
  }

  private naming(): Naming {
    const { scope, pluginPrefix } = this.config.pjson.oclif
    return { scope: scope ?? 'atmos-logs', prefix: pluginPrefix ?? 'provider' }
  }

  private async requireInRegistry(request: InstallRequest & { name: string }, input: string): Promise<void> {
    await mkdir(this.config.dataDir, { recursive: true })
    const found = await lookUpPackage(await installerNpm(), request.name, {
      cwd: this.config.dataDir,
      registry: this.config.npmRegistry,
    })
    if (found.found) return
    if (found.reason === 'unreachable') {
      throw new ProviderError(`Could not look up ${request.name} in the npm registry: ${found.detail}`, {
        hint: 'Check the network and the registry npm is configured for (`npm config get registry`).',
      })
    }
    if (request.via === 'short') {
      throw new UsageError(
        `No plugin "${input}": the package ${request.name} does not exist in the npm registry. A short name only ever means a package of the @${this.naming().scope} scope.`,
        {
          hint: `To install another package, name it in full on purpose: \`${this.config.bin} plugins install @publisher/package\`, or \`${this.config.bin} plugins install npm:${input}\` for the unscoped package "${input}".`,
        },
      )
    }
    throw new UsageError(`The package ${request.name} does not exist in the npm registry.`, {
      hint: 'Check the spelling of its name and scope.',
    })
  }

  /** Says which kinds the new plugins add, or what is wrong with them (exit 1; they stay installed). */
  private async reportProviders(names: string[]): Promise<void> {
    if (names.length === 0) return
    const checks = await checkPlugins(this.config, names)
    for (const c of checks) {
      if (c.kinds.length > 0) process.stderr.write(`${c.plugin} provides ${c.kinds.join(', ')}.\n`)
    }
    const broken = checks.filter((c) => c.problems.length > 0)
    if (broken.length === 0) return
    throw new ProviderError(
      broken.map((c) => `${c.plugin} was installed, but ${c.problems.join('; ')}.`).join(' '),
      {
        hint: `It stays installed but adds no usable kind; \`${this.config.bin} plugins uninstall ${broken[0]!.plugin}\` removes it.`,
      },
    )
  }
}

async function requirePath(file: string): Promise<void> {
  const found = await stat(file).catch(() => undefined)
  if (!found) {
    throw new UsageError(`Nothing to install at ${file}: no such file or folder.`, {
      hint: 'Give the path of a packed plugin (`npm pack` makes a .tgz) or of a plugin folder.',
    })
  }
}

async function alreadyInstalled(plugins: StockPlugins, request: InstallRequest): Promise<boolean> {
  const list = await plugins.list()
  return list.some((p) => {
    if (p.type !== 'user') return false
    if (request.via === 'path') return p.url === `file:${request.path}`
    if (request.via === 'url') return p.url === request.url
    return p.name === request.name
  })
}
