import { ProviderError } from '@atmos-logs/core/errors'
import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate'
import { unzipEntries } from './zip.js'

const text = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `2026-12-03T08:00:00.0000000Z ${tag} line ${i + 1}`).join('\n')
const files = {
  '0_build.txt': strToU8(text(2000, 'build')),
  'build/1_Set up job.txt': strToU8(text(50, 'setup')),
  'build/2_Run ./ß.sh.txt': strToU8(''),
  '1_tëst.txt': strToU8(text(300, 'tëst')),
}
const decoded = (m: Map<string, Uint8Array>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, new TextDecoder().decode(v)]))
const expected = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextDecoder().decode(v)]))

/** A zip written as a stream: sizes and CRCs come after each entry, in data descriptors. */
function streamed(deflate: boolean): Uint8Array {
  const parts: Uint8Array[] = []
  const zip = new Zip((err, chunk) => {
    if (err) throw err
    parts.push(chunk)
  })
  for (const [name, bytes] of Object.entries(files)) {
    const entry = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name)
    zip.add(entry)
    entry.push(bytes, true)
  }
  zip.end()
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

describe('unzipEntries', () => {
  it('reads deflated and stored entries, sizes in the local header', () => {
    expect(decoded(unzipEntries(zipSync(files, { level: 6 }), () => true))).toEqual(expected)
    expect(decoded(unzipEntries(zipSync(files, { level: 0 }), () => true))).toEqual(expected)
  })

  it('reads entries whose sizes are in data descriptors, deflated or stored', () => {
    expect(decoded(unzipEntries(streamed(true), () => true))).toEqual(expected)
    expect(decoded(unzipEntries(streamed(false), () => true))).toEqual(expected)
  })

  it('reads past an archive comment and keeps only the entries asked for', () => {
    const zip = zipSync(files, { comment: 'logs of run 4242' })
    const kept = unzipEntries(zip, (name) => name.startsWith('build/'))
    expect([...kept.keys()].sort()).toEqual(['build/1_Set up job.txt', 'build/2_Run ./ß.sh.txt'])
  })

  it('says what is wrong with an archive that is not a zip or is cut short', () => {
    expect(() => unzipEntries(strToU8('<html>not a zip</html>'), () => true)).toThrow(ProviderError)
    const zip = zipSync(files, { level: 6 })
    const broken = zip.slice()
    // Damage the deflated data of the first entry, leaving the directory whole.
    broken.fill(0xff, 60, 400)
    expect(() => unzipEntries(broken, () => true)).toThrow(/not a readable zip/)
    expect(() => unzipEntries(zip.subarray(0, zip.length - 30), () => true)).toThrow(ProviderError)
  })
})
