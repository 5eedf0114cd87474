import { once } from 'node:events'

/**
 * Batches output lines and honours back-pressure, so a large view neither floods memory nor
 * pays for one write per line. Lines are flushed at the latest on the next turn of the event
 * loop, so follow mode shows each event as it arrives.
 */
export class StdoutWriter {
  private buffer = ''
  private scheduled = false
  private closed = false

  /**
   * `scrub` removes the run's secret values; chunks end on line ends, so a secret is never split
   * between two of them.
   */
  constructor(
    private readonly stream: NodeJS.WritableStream = process.stdout,
    private readonly highWater = 64 * 1024,
    private readonly scrub: (text: string) => string = (text) => text,
  ) {}

  /** Resolves when the caller may write again. */
  async write(text: string): Promise<void> {
    if (this.closed) return
    this.buffer += text
    if (this.buffer.length >= this.highWater) {
      await this.flush()
      return
    }
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        void this.flush()
      })
    }
  }

  async flush(): Promise<void> {
    if (!this.buffer || this.closed) return
    const chunk = this.scrub(this.buffer)
    this.buffer = ''
    if (!this.stream.write(chunk)) {
      await Promise.race([
        once(this.stream, 'drain'),
        once(this.stream, 'close'),
        once(this.stream, 'error'),
      ]).catch(() => {})
    }
  }

  /** Stops writing (the reader went away). */
  close(): void {
    this.closed = true
    this.buffer = ''
  }
}
