/**
 * strconv.FormatFloat for 64-bit floats with the 'e', 'f' and 'g' formats. Rounding is done on the
 * exact decimal expansion of the double, half to even, as Go does (JavaScript's toFixed rounds
 * exact halves up, so `%.0f` of 2.5 would differ).
 */

/** value = 0.digits × 10^dp; digits has no trailing zeros; empty digits means zero. */
interface Decimal {
  digits: string
  dp: number
}

function trimZeros(d: Decimal): Decimal {
  const digits = d.digits.replace(/0+$/, '')
  return digits === '' ? { digits: '', dp: 0 } : { digits, dp: d.dp }
}

/** The exact decimal value of a finite, non-negative double. */
function exactDecimal(v: number): Decimal {
  if (v === 0) return { digits: '', dp: 0 }
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, v)
  const bits = view.getBigUint64(0)
  const biased = Number((bits >> 52n) & 0x7ffn)
  let mantissa = bits & ((1n << 52n) - 1n)
  let e2 = -1074
  if (biased !== 0) {
    mantissa |= 1n << 52n
    e2 = biased - 1075
  }
  if (e2 >= 0) {
    const digits = (mantissa << BigInt(e2)).toString()
    return trimZeros({ digits, dp: digits.length })
  }
  const digits = (mantissa * 5n ** BigInt(-e2)).toString()
  return trimZeros({ digits, dp: digits.length + e2 })
}

/** The shortest decimal that reads back as the same double (JavaScript and Go agree on it). */
function shortestDecimal(v: number): Decimal {
  if (v === 0) return { digits: '', dp: 0 }
  const [mantissa, exponent] = v.toExponential().split('e')
  return trimZeros({ digits: mantissa.replace('.', ''), dp: Number(exponent) + 1 })
}

/** Keep nd significant digits, rounding half to even on the exact value. */
function round(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d
  const next = d.digits[nd]
  const exactHalf = next === '5' && nd + 1 === d.digits.length
  const up = exactHalf ? nd > 0 && Number(d.digits[nd - 1]) % 2 === 1 : next >= '5'
  if (!up) return trimZeros({ digits: d.digits.slice(0, nd), dp: d.dp })
  const kept = d.digits.slice(0, nd)
  let i = kept.length - 1
  while (i >= 0 && kept[i] === '9') i--
  if (i < 0) return { digits: '1', dp: d.dp + 1 }
  return trimZeros({ digits: kept.slice(0, i) + String(Number(kept[i]) + 1), dp: d.dp })
}

function digitAt(d: Decimal, j: number): string {
  return j >= 0 && j < d.digits.length ? d.digits[j] : '0'
}

function fmtE(d: Decimal, prec: number, e: 'e' | 'E'): string {
  let out = d.digits === '' ? '0' : d.digits[0]
  if (prec > 0) {
    out += '.'
    for (let i = 1; i <= prec; i++) out += digitAt(d, i)
  }
  let exp = d.digits === '' ? 0 : d.dp - 1
  const sign = exp < 0 ? '-' : '+'
  exp = Math.abs(exp)
  return `${out}${e}${sign}${exp < 10 ? `0${exp}` : exp}`
}

function fmtF(d: Decimal, prec: number): string {
  let out = ''
  if (d.dp > 0) for (let i = 0; i < d.dp; i++) out += digitAt(d, i)
  else out = '0'
  if (prec > 0) {
    out += '.'
    for (let i = 1; i <= prec; i++) out += digitAt(d, d.dp + i - 1)
  }
  return out
}

export type FloatFormat = 'e' | 'E' | 'f' | 'F' | 'g' | 'G'

/** strconv.FormatFloat(v, fmt, prec, 64); prec -1 means the shortest exact representation. */
export function formatFloat(v: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf'
  const neg = v < 0 || Object.is(v, -0)
  const abs = Math.abs(v)
  const shortest = prec < 0
  let d: Decimal
  if (shortest) {
    d = shortestDecimal(abs)
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.digits.length - 1, 0)
    else if (fmt === 'f' || fmt === 'F') prec = Math.max(d.digits.length - d.dp, 0)
    else prec = d.digits.length
  } else {
    d = exactDecimal(abs)
    if (fmt === 'e' || fmt === 'E') d = round(d, prec + 1)
    else if (fmt === 'f' || fmt === 'F') d = round(d, d.dp + prec)
    else {
      if (prec === 0) prec = 1
      d = round(d, prec)
    }
  }
  const sign = neg ? '-' : ''
  switch (fmt) {
    case 'e':
    case 'E':
      return sign + fmtE(d, prec, fmt)
    case 'f':
    case 'F':
      return sign + fmtF(d, prec)
  }
  let eprec = prec
  const nd = d.digits.length
  if (eprec > nd && nd >= d.dp) eprec = nd
  if (shortest) eprec = 6
  const exp = d.dp - 1
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd
    return sign + fmtE(d, prec - 1, fmt === 'g' ? 'e' : 'E')
  }
  if (prec > d.dp) prec = nd
  return sign + fmtF(d, Math.max(prec - d.dp, 0))
}
