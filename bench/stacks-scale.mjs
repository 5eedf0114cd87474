#!/usr/bin/env node
// Scale check for stack-aware source resolution: generates an atmos project of 1,000 stack
// manifests with 3,000 component instances in a temp directory, then times (each in a fresh run,
// as the CLI would do it) resolving one component's default source, and --all-components for one
// stack. Uses the built dist of @atmos-logs/core: run `pnpm --filter @atmos-logs/core build` first.
//   node bench/stacks-scale.mjs [--stacks 1000] [--per-stack 3] [--runs 5] [--keep]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const { values: args } = parseArgs({
  options: {
    stacks: { type: 'string', default: '1000' },
    'per-stack': { type: 'string', default: '3' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
})
const STACKS = Number(args.stacks)
const PER_STACK = Number(args['per-stack'])
const RUNS = Number(args.runs)
const CATALOG_COMPONENTS = 30

const dist = join(dirname(fileURLToPath(import.meta.url)), '../packages/core/dist')
const { loadAtmosConfig, resolveSources, listSources } = await import(join(dist, 'configuration.js'))

async function write(root, rel, text) {
  const path = join(root, rel)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}

async function generate(root) {
  await write(
    root,
    'atmos.yaml',
    [
      'base_path: ./',
      'stacks:',
      '  base_path: stacks',
      '  included_paths: ["orgs/**/*"]',
      '  excluded_paths: ["**/_defaults.yaml"]',
      '  name_template: "{{ .vars.tenant }}-{{ .vars.environment }}-{{ .vars.stage }}"',
      'logs:',
      '  settings: {default_since: 1h}',
      'auth:',
      '  identities:',
      '    dev-admin: {kind: aws/permission-set, default: true}',
      '',
    ].join('\n'),
  )
  await write(
    root,
    'stacks/catalog/base.yaml',
    [
      'components:',
      '  terraform:',
      '    service/defaults:',
      '      metadata: {type: abstract, component: service}',
      '      settings: {github_repo: acme/infra}',
      '      vars: {memory: 256, tags: {managed_by: atmos}}',
      '      logs:',
      '        settings: {default_since: 30m}',
      '        sources:',
      '          app:',
      '            kind: aws/cloudwatch',
      '            default: true',
      '            spec: {log_group: "/aws/lambda/{{ .vars.name }}-{{ .vars.stage }}", region: "{{ .vars.region }}"}',
      '          deploys:',
      '            kind: github/actions',
      '            spec: {repo: "{{ .settings.github_repo }}", workflow: "deploy-{{ .atmos_component }}.yml"}',
      '',
    ].join('\n'),
  )
  for (let c = 0; c < CATALOG_COMPONENTS; c++) {
    await write(
      root,
      `stacks/catalog/svc-${c}.yaml`,
      [
        'import: [catalog/base]',
        'components:',
        '  terraform:',
        `    svc-${c}:`,
        '      metadata: {inherits: [service/defaults]}',
        `      vars: {name: svc-${c}, replicas: ${(c % 4) + 1}}`,
        '',
      ].join('\n'),
    )
  }
  await write(root, 'stacks/orgs/acme/_defaults.yaml', 'vars: {tenant: acme, namespace: acme}\n')
  for (let s = 0; s < STACKS; s++) {
    const env = `env${Math.floor(s / 100)}`
    const lines = [
      'import:',
      '  - orgs/acme/_defaults',
      ...Array.from({ length: PER_STACK }, (_, k) => `  - catalog/svc-${(s + k * 7) % CATALOG_COMPONENTS}`),
      `vars: {environment: ${env}, stage: s${s}, region: us-east-${(s % 2) + 1}}`,
      'components:',
      '  terraform:',
      `    svc-${s % CATALOG_COMPONENTS}:`,
      `      vars: {replicas: ${(s % 5) + 2}}`,
      '',
    ]
    await write(root, `stacks/orgs/acme/${env}/s${s}.yaml`, lines.join('\n'))
  }
}

function stats(ms) {
  const sorted = [...ms].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]
  return `median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`
}

async function time(fn) {
  const start = performance.now()
  const result = await fn()
  return { ms: performance.now() - start, result }
}

const root = await mkdtemp(join(tmpdir(), 'atmos-stacks-scale-'))
try {
  const gen = await time(() => generate(root))
  console.log(
    `generated ${STACKS} stack manifests, ${STACKS * PER_STACK} component instances in ${root} (${gen.ms.toFixed(0)} ms)`,
  )
  const env = { PATH: process.env.PATH }
  const stack = `acme-env${Math.floor(STACKS / 200)}-s${Math.floor(STACKS / 2)}`
  const component = `svc-${Math.floor(STACKS / 2) % CATALOG_COMPONENTS}`

  const one = []
  const all = []
  let sample
  let allCount = 0
  for (let r = 0; r < RUNS; r++) {
    const a = await time(async () => {
      const config = await loadAtmosConfig({ cwd: root, env, homeDir: join(root, 'no-home') })
      return resolveSources(config, { stack, component })
    })
    one.push(a.ms)
    sample = a.result[0]
    const b = await time(async () => {
      const config = await loadAtmosConfig({ cwd: root, env, homeDir: join(root, 'no-home') })
      return listSources(config, { stack, allComponents: true })
    })
    all.push(b.ms)
    allCount = b.result.length
  }
  console.log(`one component (--stack ${stack} --component ${component}), fresh run each: ${stats(one)}`)
  console.log(`  -> ${sample.name} ${sample.kind} ${JSON.stringify(sample.spec)}`)
  console.log(`--all-components for ${stack} (${allCount} sources), fresh run each: ${stats(all)}`)
} finally {
  if (!args.keep) await rm(root, { recursive: true, force: true })
}
