/** Entity tags and `If-None-Match` as HTTP defines them (RFC 9110, sections 8.8.3 and 13.1.2). */
import { createHash } from 'node:crypto'

/** One entity tag of a list such as `W/"a", "b"` (a comma may sit inside the quotes). */
const TAG = /\s*(?:(W\/)?"([^"]*)"|(\*))\s*(?:,|$)/gy

export const ETag = {
  /** A weak tag over the body, as GitHub sends for JSON answers. */
  of(body: string): string {
    return `W/"${createHash('sha256').update(body).digest('hex')}"`
  },

  /**
   * Whether `If-None-Match` matches `current`: `*` matches any, otherwise any listed tag matches
   * by the weak comparison (the opaque parts are equal, `W/` on either side or not).
   */
  matches(header: string | string[] | undefined, current: string): boolean {
    if (header === undefined) return false
    const value = Array.isArray(header) ? header.join(', ') : header
    const opaque = /^(?:W\/)?"([^"]*)"$/.exec(current)?.[1]
    if (opaque === undefined) return false
    TAG.lastIndex = 0
    while (TAG.lastIndex < value.length) {
      const m = TAG.exec(value)
      if (m === null || m[0] === '') return false
      if (m[3] === '*' || m[2] === opaque) return true
    }
    return false
  },
}
