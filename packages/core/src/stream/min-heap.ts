/** A binary min-heap ordered by `before(a, b)` (true when a comes first). */
export class MinHeap<E> {
  private readonly items: E[] = []

  constructor(private readonly before: (a: E, b: E) => boolean) {}

  get size(): number {
    return this.items.length
  }

  peek(): E | undefined {
    return this.items[0]
  }

  push(item: E): void {
    const items = this.items
    items.push(item)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(items[i]!, items[parent]!)) break
      ;[items[i], items[parent]] = [items[parent]!, items[i]!]
      i = parent
    }
  }

  pop(): E | undefined {
    const items = this.items
    if (items.length === 0) return undefined
    const top = items[0]
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let first = i
        if (left < items.length && this.before(items[left]!, items[first]!)) first = left
        if (right < items.length && this.before(items[right]!, items[first]!)) first = right
        if (first === i) break
        ;[items[i], items[first]] = [items[first]!, items[i]!]
        i = first
      }
    }
    return top
  }
}
