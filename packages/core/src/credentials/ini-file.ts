/**
 * A small reader for the AWS-style INI files atmos auth writes. The `ini` package drops comments,
 * and atmos keeps the credential expiry in one (`; atmos: expiration=<RFC3339>`), so sections here
 * keep theirs. atmos's Go INI library writes a section's comment on the lines just above its
 * `[header]`; a comment inside the section body is accepted too.
 */

export interface IniSection {
  values: Record<string, string>
  comments: string[]
}

export type IniDocument = Map<string, IniSection>

export function parseIni(text: string): IniDocument {
  const doc: IniDocument = new Map()
  let current: IniSection | undefined
  let pending: string[] = []

  const sectionNamed = (name: string): IniSection => {
    let section = doc.get(name)
    if (!section) {
      section = { values: {}, comments: [] }
      doc.set(name, section)
    }
    return section
  }

  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim()
    if (line === '') continue
    if (line.startsWith(';') || line.startsWith('#')) {
      pending.push(line.slice(1).trim())
      continue
    }
    const header = /^\[(.*)\]$/.exec(line)
    if (header) {
      current = sectionNamed(header[1].trim())
      current.comments.push(...pending)
      pending = []
      continue
    }
    if (current && pending.length > 0) {
      current.comments.push(...pending)
      pending = []
    }
    const eq = line.indexOf('=')
    if (eq <= 0 || !current) continue
    const key = line.slice(0, eq).trim().toLowerCase()
    current.values[key] = unquote(line.slice(eq + 1).trim())
  }
  if (current && pending.length > 0) current.comments.push(...pending)
  return doc
}

// Go's INI library quotes values with backticks, triple or plain double quotes when it must.
function unquote(value: string): string {
  if (value.length >= 6 && value.startsWith('"""') && value.endsWith('"""')) return value.slice(3, -3)
  if (value.length >= 2) {
    const first = value[0]
    if ((first === '`' || first === '"') && value.endsWith(first)) return value.slice(1, -1)
  }
  return value
}

/** The value of an `atmos: expiration=...` comment of the section, if any. */
export function atmosExpiration(section: IniSection): string | undefined {
  for (const comment of section.comments) {
    const match = /^atmos:\s*expiration\s*=\s*(\S+)/.exec(comment)
    if (match) return match[1]
  }
  return undefined
}
