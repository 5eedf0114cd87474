import path from 'node:path'

/**
 * The small glob dialect `spec.path` accepts: `*` (within a folder), `**` (any folders), `?`,
 * and `[abc]`. Written here so the example has no dependencies beyond Node.
 */
export function splitGlob(pattern: string): { base: string; glob: string | undefined } {
  const parts = pattern.split('/')
  const first = parts.findIndex((p) => /[*?[]/.test(p))
  if (first === -1) return { base: pattern, glob: undefined }
  return {
    base: parts.slice(0, first).join('/') || (pattern.startsWith('/') ? '/' : '.'),
    glob: parts.slice(first).join('/'),
  }
}

export function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` matches zero or more whole folders
      const slash = glob[i + 2] === '/'
      re += slash ? '(?:[^/]+/)*' : '.*'
      i += slash ? 2 : 1
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1)
      if (end === -1) re += '\\['
      else {
        re += `[${glob.slice(i + 1, end).replace(/\\/g, '\\\\')}]`
        i = end
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/')
}
