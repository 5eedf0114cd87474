/**
 * Short-lived signed URLs for the log origin, in the style of the storage URLs GitHub redirects to
 * (`?sv=...&st=...&se=...&sp=r&sr=b&sig=...`). The signature is an HMAC over the path and the
 * validity window with a key made per emulator, so a URL cannot be edited or reused after expiry.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Clock } from '../clock.js'

/** GitHub's log download URLs stay valid for about a minute. */
export const SIGNED_URL_TTL_MS = 60_000

const sasTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`

export type SignatureCheck = 'valid' | 'expired' | 'invalid'

export class UrlSigner {
  private readonly key = randomBytes(32)

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = SIGNED_URL_TTL_MS,
  ) {}

  private mac(path: string, start: string, expiry: string): string {
    return createHmac('sha256', this.key).update(`${path}\n${start}\n${expiry}`).digest('base64')
  }

  /** The query string (without `?`) that makes `path` readable for the next minute. */
  sign(path: string, contentType: string): string {
    const now = this.clock.now()
    const st = sasTime(now - 5 * 60_000)
    const se = sasTime(now + this.ttlMs)
    const params = new URLSearchParams({
      sv: '2025-01-05',
      st,
      se,
      sr: 'b',
      sp: 'r',
      rsct: contentType,
      sig: this.mac(path, st, se),
    })
    return params.toString()
  }

  check(path: string, query: URLSearchParams): SignatureCheck {
    const st = query.get('st')
    const se = query.get('se')
    const sig = query.get('sig')
    if (!st || !se || !sig) return 'invalid'
    const expected = Buffer.from(this.mac(path, st, se))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid'
    return this.clock.now() > Date.parse(se) ? 'expired' : 'valid'
  }
}
