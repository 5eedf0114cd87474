/**
 * The run logs archive as GitHub lays it out: one `{n}_{job name}.txt` per job with the whole job
 * log, and a folder per job holding `{step number}_{step name}.txt` for each step that ran. Since
 * 2025 some archives come without the per-step files (`stepFiles` false).
 */
import { type Zippable, zipSync } from 'fflate'
import { renderLog } from './logs.js'
import type { JobModel } from './model.js'

const encoder = new TextEncoder()

/** Path separators would split a name into folders; GitHub replaces them too. */
export const safeEntryName = (name: string) => name.replace(/[/\\]/g, '_')

export function runLogsZip(jobs: readonly JobModel[], now: number, stepFiles = true): Uint8Array {
  const files: Zippable = {}
  const withLogs = jobs.filter((j) => j.conclusion !== 'skipped')
  withLogs.forEach((job, index) => {
    const mtime = new Date(job.endAt)
    const jobName = safeEntryName(job.name)
    files[`${index}_${jobName}.txt`] = [encoder.encode(renderLog(job.lines, now)), { mtime }]
    for (const step of stepFiles ? job.steps : []) {
      if (step.conclusion === 'skipped') continue
      files[`${jobName}/${step.number}_${safeEntryName(step.name)}.txt`] = [
        encoder.encode(renderLog(step.lines, now)),
        { mtime },
      ]
    }
  })
  return zipSync(files, { level: 6 })
}
