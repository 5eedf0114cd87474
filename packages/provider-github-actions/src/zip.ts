/**
 * Reading a run's logs archive. Entries are found through the central directory (their sizes are
 * there even when the local header defers them to a data descriptor) and inflated by Node's zlib:
 * native inflate is several times faster than a JavaScript one on archives of many megabytes.
 */
import { inflateRawSync } from 'node:zlib'
import { ProviderError } from '@atmos-logs/core/errors'

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const STORED = 0
const DEFLATED = 8
const UTF8_NAME = 0x800

const bad = (why: string) => new ProviderError(`The run's logs archive is not a readable zip: ${why}.`)

/** The entries of a zip whose names `keep` accepts, by name, each inflated. */
export function unzipEntries(zip: Uint8Array, keep: (name: string) => boolean): Map<string, Uint8Array> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  const u16 = (at: number) => view.getUint16(at, true)
  const u32 = (at: number) => view.getUint32(at, true)
  const u64 = (at: number) => Number(view.getBigUint64(at, true))
  const inside = (at: number, length: number) => at >= 0 && at + length <= zip.length

  // The end record sits at the end, after a comment of up to 65,535 bytes.
  let end = zip.length - 22
  const lowest = Math.max(0, end - 65_535)
  while (end >= lowest && u32(end) !== EOCD) end--
  if (end < lowest) throw bad('no end of central directory record')
  let count = u16(end + 10)
  let offset = u32(end + 16)
  const locator = end - 20
  if ((count === 0xffff || offset === 0xffffffff) && inside(locator, 20) && u32(locator) === ZIP64_LOCATOR) {
    const z64 = u64(locator + 8)
    if (!inside(z64, 56) || u32(z64) !== ZIP64_EOCD) throw bad('a broken zip64 end record')
    count = u64(z64 + 32)
    offset = u64(z64 + 48)
  }

  const out = new Map<string, Uint8Array>()
  const decoder = new TextDecoder()
  const latin1 = new TextDecoder('latin1')
  let at = offset
  for (let i = 0; i < count; i++) {
    if (!inside(at, 46) || u32(at) !== CENTRAL) throw bad(`entry ${i + 1} of ${count} is missing`)
    const flags = u16(at + 8)
    const method = u16(at + 10)
    let packed = u32(at + 20)
    let size = u32(at + 24)
    const nameLength = u16(at + 28)
    const extraLength = u16(at + 30)
    let local = u32(at + 42)
    if (!inside(at + 46, nameLength + extraLength)) throw bad(`entry ${i + 1} is cut short`)
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength)
    const name = (flags & UTF8_NAME ? decoder : latin1).decode(nameBytes)
    // Sizes and offsets too large for 32 bits are in the zip64 extra field, in this order.
    for (let e = at + 46 + nameLength; e + 4 <= at + 46 + nameLength + extraLength; ) {
      const id = u16(e)
      const length = u16(e + 2)
      if (id === 0x0001) {
        let f = e + 4
        if (size === 0xffffffff) {
          size = u64(f)
          f += 8
        }
        if (packed === 0xffffffff) {
          packed = u64(f)
          f += 8
        }
        if (local === 0xffffffff) local = u64(f)
      }
      e += 4 + length
    }
    at += 46 + nameLength + extraLength + u16(at + 32)
    if (name.endsWith('/') || !keep(name)) continue

    if (!inside(local, 30) || u32(local) !== LOCAL) throw bad(`"${name}" has no local header`)
    const start = local + 30 + u16(local + 26) + u16(local + 28)
    if (!inside(start, packed)) throw bad(`"${name}" is cut short`)
    const data = zip.subarray(start, start + packed)
    let bytes: Uint8Array
    if (method === STORED) bytes = data
    else if (method === DEFLATED) {
      try {
        bytes = inflateRawSync(data)
      } catch (err) {
        throw bad(`"${name}" does not inflate (${(err as Error).message})`)
      }
    } else throw bad(`"${name}" uses compression method ${method}`)
    if (bytes.length !== size) throw bad(`"${name}" is ${bytes.length} bytes, not ${size}`)
    out.set(name, bytes)
  }
  return out
}
