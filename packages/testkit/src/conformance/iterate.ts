/** Reading a provider's async iterables with deadlines, so a hung provider fails a check instead of jest. */

import vm from 'node:vm'
import { ConformanceError } from './failure.js'

export type Step<T> = { kind: 'entry'; value: T } | { kind: 'done' } | { kind: 'error'; error: unknown }

/**
 * One `next()` call, raced against `timeoutMs`. A provider error becomes a `{kind: 'error'}` step
 * instead of a throw, so checks can decide what an error means where it happens. The pending
 * promise always gets a handler, so a late rejection never surfaces as an unhandled one of ours.
 */
export async function nextWithin<T>(
  iterator: AsyncIterator<T>,
  timeoutMs: number,
  what: string,
): Promise<Step<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const pending = Promise.resolve()
    .then(() => iterator.next())
    .then(
      (r): Step<T> => (r.done ? { kind: 'done' } : { kind: 'entry', value: r.value }),
      (error: unknown): Step<T> => ({ kind: 'error', error }),
    )
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    const first = await Promise.race([pending, timeout])
    if (first === 'timeout') {
      throw new ConformanceError(`${what} neither yielded an entry nor ended within ${timeoutMs} ms.`)
    }
    return first
  } finally {
    clearTimeout(timer)
  }
}

/** Reads an iterable to its end; a provider error is rethrown with the operation named. */
export async function readAll<T>(iterable: AsyncIterable<T>, timeoutMs: number, what: string): Promise<T[]> {
  const iterator = iteratorOf(iterable, what)
  const out: T[] = []
  try {
    for (;;) {
      const step = await nextWithin(iterator, timeoutMs, what)
      if (step.kind === 'done') return out
      if (step.kind === 'error') {
        throw new ConformanceError(
          `${what} failed after ${out.length} entries: ${describeError(step.error)}`,
          {
            cause: step.error,
          },
        )
      }
      out.push(step.value)
    }
  } finally {
    await quietReturn(iterator)
  }
}

export function iteratorOf<T>(iterable: AsyncIterable<T>, what: string): AsyncIterator<T> {
  const get = (iterable as Partial<AsyncIterable<T>> | null)?.[Symbol.asyncIterator]
  if (typeof get !== 'function') {
    throw new ConformanceError(`${what} did not return an async iterable (got ${typeof iterable}).`)
  }
  return get.call(iterable)
}

/** Ends an iterator we stop reading early, as `for await ... break` would; its failures are not ours. */
export async function quietReturn(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    const r = iterator.return?.()
    if (r && typeof (r as Promise<unknown>).then === 'function') {
      await Promise.race([Promise.resolve(r).catch(() => {}), macrotask()])
    }
  } catch {
    // a return() that throws is reported by the checks that care, not here
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`
  return `non-Error value thrown: ${safeString(err)}`
}

export function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  } catch {
    return String(value)
  }
}

export function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/**
 * The process object Node itself emits 'unhandledRejection' on. Jest hands test code a copy whose
 * listeners never fire; code compiled by `vm.runInThisContext` sees the real one (outside jest
 * both are the same object).
 */
function realProcess(): NodeJS.Process {
  return vm.runInThisContext('process') as NodeJS.Process
}

/**
 * Runs `body` while watching for promise rejections nobody handled (a provider that leaves a
 * fetch rejecting after abort, say). Node reports those after the microtask queue drains, so two
 * macrotasks after `body` are enough for rejections that `body` caused. Each one seen is marked
 * handled, so it is reported once, by this check, rather than again by the test runner.
 */
export async function withoutUnhandledRejections(what: string, body: () => Promise<void>): Promise<void> {
  const seen: unknown[] = []
  const onRejection = (reason: unknown, promise: Promise<unknown>) => {
    seen.push(reason)
    promise.catch(() => {})
  }
  const proc = realProcess()
  proc.on('unhandledRejection', onRejection)
  try {
    await body()
    await macrotask()
    await macrotask()
  } finally {
    proc.off('unhandledRejection', onRejection)
  }
  if (seen.length > 0) {
    throw new ConformanceError(
      `${what} left ${seen.length} promise rejection(s) unhandled: ${seen.map(describeError).join('; ')}. ` +
        'Catch or await every request you start, including the ones an abort cuts short.',
    )
  }
}
