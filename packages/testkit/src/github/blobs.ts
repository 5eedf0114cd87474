/**
 * The second origin: the storage host GitHub's log endpoints redirect to. It serves a job log as
 * text/plain (with the byte-order mark) or a run's logs as a zip, only through a valid signed URL.
 */
import { renderLog } from './logs.js'
import type { UrlSigner } from './signing.js'
import { isJobVisible, isRunVisible, jobState } from './state.js'
import type { GitHubStore } from './store.js'
import { runLogsZip } from './zip.js'

export type BlobRef =
  | { kind: 'job'; owner: string; repo: string; id: number }
  | { kind: 'run'; owner: string; repo: string; id: number; attempt: number }

const enc = encodeURIComponent

export function blobPath(ref: BlobRef): string {
  const base = `/actions-results/${enc(ref.owner)}/${enc(ref.repo)}`
  return ref.kind === 'job'
    ? `${base}/workflow-job-run-${ref.id}/logs/job/job-logs.txt`
    : `${base}/workflow-run-${ref.id}/attempt-${ref.attempt}/logs/logs.zip`
}

const JOB = /^\/actions-results\/([^/]+)\/([^/]+)\/workflow-job-run-(\d+)\/logs\/job\/job-logs\.txt$/
const RUN = /^\/actions-results\/([^/]+)\/([^/]+)\/workflow-run-(\d+)\/attempt-(\d+)\/logs\/logs\.zip$/

export function parseBlobPath(path: string): BlobRef | undefined {
  try {
    const job = JOB.exec(path)
    if (job)
      return {
        kind: 'job',
        owner: decodeURIComponent(job[1]!),
        repo: decodeURIComponent(job[2]!),
        id: Number(job[3]),
      }
    const run = RUN.exec(path)
    if (run) {
      return {
        kind: 'run',
        owner: decodeURIComponent(run[1]!),
        repo: decodeURIComponent(run[2]!),
        id: Number(run[3]),
        attempt: Number(run[4]),
      }
    }
  } catch {
    // A malformed percent-escape is simply not one of our paths.
  }
  return undefined
}

export const BLOB_OPERATIONS = ['jobLogsBlob', 'runLogsBlob'] as const

export interface BlobOptions {
  /** What a running job's log URL serves: BlobNotFound, or the lines written so far. */
  runningJobLogs: 'not-found' | 'partial'
  /** Whether this fetch meets an already expired URL (an injected fault). */
  expired(operation: string): boolean
}

export interface BlobReply {
  status: number
  headers: Record<string, string>
  body: string | Uint8Array
}

/** Storage errors come as XML, the way the blob service words them. */
function storageError(status: number, code: string, message: string): BlobReply {
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  }
}

export function serveBlob(
  store: GitHubStore,
  signer: UrlSigner,
  now: number,
  method: string,
  url: URL,
  opts: BlobOptions,
): { operation: string; reply: BlobReply } {
  const ref = parseBlobPath(url.pathname)
  const operation = ref?.kind === 'run' ? 'runLogsBlob' : 'jobLogsBlob'
  if (method !== 'GET' && method !== 'HEAD') {
    return {
      operation,
      reply: storageError(
        405,
        'UnsupportedHttpVerb',
        'The resource does not support the specified HTTP verb.',
      ),
    }
  }
  if (!ref)
    return {
      operation,
      reply: storageError(404, 'ResourceNotFound', 'The specified resource does not exist.'),
    }
  const check = signer.check(url.pathname, url.searchParams)
  if (check === 'invalid') {
    return {
      operation,
      reply: storageError(
        403,
        'AuthenticationFailed',
        'The signature in this URL does not match; request a fresh log URL from the API.',
      ),
    }
  }
  if (check === 'expired' || (check === 'valid' && opts.expired(operation))) {
    return {
      operation,
      reply: storageError(
        403,
        'AuthenticationFailed',
        'This signed URL has expired; request a fresh log URL from the API.',
      ),
    }
  }
  const repo = store.repo(ref.owner, ref.repo)
  const headers = {
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-version': '2025-01-05',
    'last-modified': new Date(now).toUTCString(),
  }
  if (ref.kind === 'job') {
    const job = repo && store.job(repo, String(ref.id))
    const running = job !== undefined && jobState(job, now).status !== 'completed'
    if (!job || !isJobVisible(job, now) || (running && opts.runningJobLogs === 'not-found'))
      return { operation, reply: storageError(404, 'BlobNotFound', 'The specified blob does not exist.') }
    return {
      operation,
      reply: {
        status: 200,
        headers: { ...headers, 'content-type': 'text/plain' },
        body: renderLog(job.lines, now),
      },
    }
  }
  const run = repo && store.run(repo, String(ref.id))
  const attempt = run?.attempts.find((a) => a.number === ref.attempt)
  if (!run || !attempt || !isRunVisible(run, now)) {
    return { operation, reply: storageError(404, 'BlobNotFound', 'The specified blob does not exist.') }
  }
  return {
    operation,
    reply: {
      status: 200,
      headers: {
        ...headers,
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename=logs_${run.id}.zip`,
      },
      body: runLogsZip(attempt.jobs, now, run.stepLogs),
    },
  }
}
