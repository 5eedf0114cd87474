/**
 * A bounded queue between several producers (Live Tail sessions, pollers) and one consumer.
 * `push` waits while the queue is full, so a slow consumer slows the producers instead of growing
 * memory; `fail` ends the consumer with an error; `close` ends it normally.
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = []
  private waitingConsumer?: () => void
  private readonly waitingProducers: Array<() => void> = []
  private error?: unknown
  private closed = false

  constructor(private readonly capacity = 10_000) {}

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed && this.error === undefined) {
      await new Promise<void>((resolve) => this.waitingProducers.push(resolve))
    }
    if (this.closed || this.error !== undefined) return
    this.items.push(item)
    this.wakeConsumer()
  }

  fail(error: unknown): void {
    if (this.error === undefined) this.error = error
    this.wakeAll()
  }

  close(): void {
    this.closed = true
    this.wakeAll()
  }

  private wakeConsumer(): void {
    const wake = this.waitingConsumer
    this.waitingConsumer = undefined
    wake?.()
  }

  private wakeAll(): void {
    this.wakeConsumer()
    for (const wake of this.waitingProducers.splice(0)) wake()
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.error !== undefined) throw this.error
      if (this.items.length > 0) {
        const item = this.items.shift() as T
        const wake = this.waitingProducers.shift()
        wake?.()
        yield item
        continue
      }
      if (this.closed) return
      await new Promise<void>((resolve) => {
        this.waitingConsumer = resolve
      })
    }
  }
}
