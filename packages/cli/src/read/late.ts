import type { TaggedEntry } from '../output/index.js'

/**
 * Follow mode prints an entry that is older than one already printed instead of dropping it, and
 * marks it `late`: providers yield entries as they see them (a service may deliver some minutes
 * late), and whether that is late is a matter of what this run has already shown.
 */
export async function* markLate(batches: AsyncIterable<TaggedEntry[]>): AsyncGenerator<TaggedEntry[]> {
  let newest = Number.NEGATIVE_INFINITY
  for await (const batch of batches) {
    yield batch.map((entry) => {
      const time = entry.timestamp.getTime()
      if (time < newest) return { ...entry, late: true }
      if (time > newest) newest = time
      return entry
    })
  }
}
