import type { LogEntry } from '@atmos-logs/core/contract'

/** Everything a read yields, in order. */
export async function collect(entries: AsyncIterable<LogEntry>): Promise<LogEntry[]> {
  const out: LogEntry[] = []
  for await (const e of entries) out.push(e)
  return out
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function failure(p: Promise<unknown>): Promise<Error & { exitCode?: number; hint?: string }> {
  try {
    await p
  } catch (e) {
    return e as Error & { exitCode?: number; hint?: string }
  }
  throw new Error('expected a failure')
}

/** Puts entries into the emulator's log `app` of `project`, as entries.write does. */
export async function writeEntries(endpoint: string, project: string, entries: unknown[]): Promise<void> {
  const res = await fetch(`${endpoint}/v2/entries:write`, {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: JSON.stringify({ logName: `projects/${project}/logs/app`, entries }),
  })
  if (res.status !== 200) throw new Error(`entries:write: HTTP ${res.status} ${await res.text()}`)
}
