import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import validatePackageName from 'validate-npm-package-name'

/** What a new provider package is made from. */
export interface ScaffoldOptions {
  /** The folder to create (or an empty one to fill). */
  dir: string
  /** Where a relative `dir` starts from; default the process's working directory. */
  cwd?: string
  /** `publisher/name`, what users write in a source's `kind:`. */
  kind: string
  /** The npm name, usually under the author's own scope. */
  packageName: string
  description: string
  /** An SPDX expression, or UNLICENSED until the author chooses one. */
  license: string
}

/** Bad input: a message for the user and the exit code (2, usage). */
export class StarterError extends Error {
  readonly exitCode = 2
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message)
    this.name = 'StarterError'
  }
}

const KIND = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*$/

/** Why a kind cannot be used, or undefined when it can. */
export function kindProblem(kind: string): string | undefined {
  if (!kind.includes('/')) {
    return `The kind "${kind}" has no publisher: a kind is publisher/name, as in acme/${kind || 'demo'}.`
  }
  if (!KIND.test(kind)) {
    return `The kind "${kind}" is not publisher/name in lower-case letters, digits and dashes (e.g. acme/demo).`
  }
  return undefined
}

/** Why an npm package name cannot be published, in npm's own words, or undefined when it can. */
export function packageNameProblem(name: string): string | undefined {
  const result = validatePackageName(name)
  if (result.validForNewPackages) return undefined
  const reasons = [...(result.errors ?? []), ...(result.warnings ?? [])]
  return `"${name}" is not a valid npm package name: ${reasons.join('; ')}.`
}

/** `acme/demo` → `@acme/atmos-logs-provider-demo`: the publisher's scope, a name that says what it is. */
export function defaultPackageName(kind: string): string {
  const [publisher, name] = kind.split('/')
  return `@${publisher}/atmos-logs-provider-${name}`
}

/** The starter's own folder: the template and the versions the generated package builds with. */
const STARTER_ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * The generated package's dev dependencies: exactly those the starter's own tests build and run
 * the template with, at the ranges its package.json gives them (published: real ranges; in the
 * workspace, `workspace:` ranges become the installed version, as publishing would make them).
 */
const TEMPLATE_DEV_DEPENDENCIES = ['@atmos-logs/core', '@atmos-logs/testkit', '@types/node', 'typescript']

async function devDependencyRanges(): Promise<Record<string, string>> {
  const own = JSON.parse(await readFile(path.join(STARTER_ROOT, 'package.json'), 'utf8'))
  const ranges: Record<string, string> = {}
  for (const name of TEMPLATE_DEV_DEPENDENCIES) {
    let range = String(own.devDependencies?.[name] ?? '')
    if (range.startsWith('workspace:')) {
      const installed = JSON.parse(
        await readFile(path.join(STARTER_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      )
      range = `^${installed.version}`
    }
    if (!range) throw new Error(`The starter's package.json has no devDependency ${name}`)
    ranges[name] = range
  }
  return ranges
}

/** `^0.1.0` → `>=0.1.0 <1`; `^2.3.0` → `>=2.3.0 <3`: any core of that major, for types only. */
function peerRange(range: string): string {
  const version = range.replace(/^[\^~]/, '')
  const major = Number.parseInt(version, 10)
  return `>=${version} <${major === 0 ? 1 : major + 1}`
}

/** npm pack's file name: `@acme/x` at 0.1.0 → `acme-x-0.1.0.tgz`. */
function tarballName(packageName: string, version: string): string {
  return `${packageName.replace(/^@/, '').replace('/', '-')}-${version}.tgz`
}

/** Checks the options, then writes the package; returns the files written, relative to `dir`. */
export async function scaffold(options: ScaffoldOptions): Promise<string[]> {
  const kindError = kindProblem(options.kind)
  if (kindError) throw new StarterError(kindError, 'Pass --kind publisher/name, e.g. --kind acme/demo.')
  const nameError = packageNameProblem(options.packageName)
  if (nameError) {
    throw new StarterError(
      nameError,
      'Pass --name with a lower-case npm name, e.g. @acme/atmos-logs-provider-demo.',
    )
  }
  const dir = path.resolve(options.cwd ?? process.cwd(), options.dir)
  if (existsSync(dir)) {
    if (!(await stat(dir)).isDirectory()) {
      throw new StarterError(`${options.dir} exists and is not a folder.`, 'Choose another directory.')
    }
    if ((await readdir(dir)).length > 0) {
      throw new StarterError(
        `${options.dir} is not empty; the starter only writes into a new or empty folder.`,
        'Choose another directory, or empty this one.',
      )
    }
  }

  const version = '0.1.0'
  const devDependencies = await devDependencyRanges()
  const values: Record<string, string> = {
    kind: options.kind,
    packageName: options.packageName,
    description: options.description,
    tarball: tarballName(options.packageName, version),
  }
  const written: string[] = []
  const templateRoot = path.join(STARTER_ROOT, 'template')
  for (const file of await listFiles(templateRoot)) {
    const text = await readFile(path.join(templateRoot, file), 'utf8')
    // npm leaves .gitignore out of published packages, so the template carries it without the dot.
    const target = file === 'gitignore' ? '.gitignore' : file
    await mkdir(path.dirname(path.join(dir, target)), { recursive: true })
    await writeFile(path.join(dir, target), fill(text, values, file.endsWith('.ts')))
    written.push(target)
  }

  const manifest = {
    name: options.packageName,
    version,
    description: options.description,
    license: options.license,
    keywords: ['atmos-logs', 'atmos-logs-provider', 'oclif-plugin'],
    type: 'module',
    engines: { node: '>=20' },
    // Only the compiled src/: the tests compile to dist/test/ and stay out of the tarball. Plain
    // paths, no `!` patterns: a plugin installer checks that each listed file exists.
    files: ['dist/src'],
    oclif: { hooks: { 'atmos-logs:providers': './dist/src/hooks/providers.js' } },
    scripts: {
      build: 'tsc',
      test: 'tsc && node --test dist/test/',
      prepack: 'tsc',
    },
    peerDependencies: { '@atmos-logs/core': peerRange(devDependencies['@atmos-logs/core']!) },
    peerDependenciesMeta: { '@atmos-logs/core': { optional: true } },
    devDependencies,
  }
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  written.push('package.json')
  return written.sort()
}

/** Replaces `{{key}}`; inside TypeScript the values land in single-quoted strings. */
function fill(text: string, values: Record<string, string>, typescript: boolean): string {
  return text.replace(/\{\{(\w+)\}\}/g, (token, key: string) => {
    const value = values[key]
    if (value === undefined) return token
    return typescript ? value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") : value
  })
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath ?? e.path, e.name)))
    .sort()
}
