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
    if (!this.stream.write(chunk)) await this.writable()
  }

  /**
   * Until the stream drains, closes or fails: whichever comes first removes all three listeners,
   * so a long follow into a slow pipe does not pile up the two that did not fire.
   */
  private writable(): Promise<void> {
    const stream = this.stream
    return new Promise((resolve) => {
      const done = () => {
        stream.off('drain', done)
        stream.off('close', done)
        stream.off('error', done)
        resolve()
      }
      stream.on('drain', done)
      stream.on('close', done)
      stream.on('error', done)
    })
  }

  /** Stops writing (the reader went away). */
  close(): void {
    this.closed = true
    this.buffer = ''
  }
}
