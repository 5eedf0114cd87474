import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { CloudTrailService } from '../cloudtrail/index.js'
import type { CloudWatchStore } from '../cloudwatch/store.js'
import type { CloudLoggingService } from '../gcp/index.js'
import type { GitHubEmulator } from '../github/index.js'
import { demoSeed } from './demo.js'
import { normalizeSeed, type SeedData, SeedError } from './format.js'

/** Reads a seed file: YAML for `.yaml`/`.yml`, JSON otherwise. */
export async function readSeedFile(file: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new SeedError(
      `file ${file}`,
      '(file)',
      `it cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path given to --seed`,
    )
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase())
  try {
    return yaml ? parseYaml(text) : JSON.parse(text)
  } catch (e) {
    throw new SeedError(
      `file ${file}`,
      '(file)',
      `it is not valid ${yaml ? 'YAML' : 'JSON'} (${(e as Error).message})`,
    )
  }
}

export interface SeedTargets {
  cloudwatch: CloudWatchStore
  cloudtrail: CloudTrailService
  github: GitHubEmulator
  logging: CloudLoggingService
}

/** What a seed added, as POST /_emulator/seed answers. */
export interface SeedSummary {
  logGroups: number
  logEvents: number
  cloudTrailEvents: number
  githubRepos: number
  gcpLogEntries: number
}

/**
 * Loads a seed on top of what the emulator holds: `'demo'`, a file path, or seed data. Relative
 * times are resolved against `now`.
 */
export async function applySeed(
  targets: SeedTargets,
  seed: 'demo' | string | SeedData | unknown,
  now: number,
): Promise<SeedSummary> {
  let data: SeedData
  if (seed === 'demo') data = demoSeed(now)
  else if (typeof seed === 'string') data = normalizeSeed(await readSeedFile(seed), now, `file ${seed}`)
  else data = normalizeSeed(seed, now, 'data')

  const summary: SeedSummary = {
    logGroups: 0,
    logEvents: 0,
    cloudTrailEvents: 0,
    githubRepos: 0,
    gcpLogEntries: 0,
  }
  for (const group of data.cloudwatch?.groups ?? []) {
    const region = group.region
    targets.cloudwatch.createGroup(group.name, {
      region,
      creationTime: group.creationTime as number | undefined,
      retentionInDays: group.retentionInDays,
    })
    summary.logGroups++
    for (const stream of group.streams ?? []) {
      const events = stream.events ?? []
      const first = events.reduce((min, e) => Math.min(min, e.timestamp as number), Number.POSITIVE_INFINITY)
      targets.cloudwatch.createStream(group.name, stream.name, {
        region,
        creationTime: Number.isFinite(first) ? first : now,
      })
      targets.cloudwatch.putEvents(
        group.name,
        stream.name,
        events.map((e) => ({
          timestamp: e.timestamp as number,
          message: typeof e.message === 'string' ? e.message : JSON.stringify(e.message),
        })),
        // Seeded events look as if they were ingested shortly after they happened.
        { region, ingestionTime: (t) => Math.min(now, t + 150) },
      )
      summary.logEvents += events.length
    }
  }
  if (data.cloudtrail) {
    targets.cloudtrail.putEvents(data.cloudtrail.events as never)
    summary.cloudTrailEvents = data.cloudtrail.events.length
  }
  if (data.github) {
    targets.github.seed(data.github)
    summary.githubRepos = data.github.repos?.length ?? 0
  }
  if (data.gcp) summary.gcpLogEntries = targets.logging.seed(data.gcp)
  return summary
}
