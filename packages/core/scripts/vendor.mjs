// Bundles each module of dist/vendor/ (compiled from src/vendor/, which re-exports one library)
// with the library it re-exports, in place: Node then reads one file where the library has
// dozens, which is most of what loading it costs. The declarations tsc wrote stay as they are.
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { build } from 'esbuild'

const root = path.resolve(import.meta.dirname, '..')
const dir = path.join(root, 'dist/vendor')
const modules = (await readdir(dir)).filter((f) => f.endsWith('.js'))
for (const file of modules) {
  const out = path.join(dir, file)
  await build({
    entryPoints: [path.join(root, 'src/vendor', file.replace(/\.js$/, '.ts'))],
    outfile: out,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'inline',
    // Smaller to parse; names are kept, for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    // A CommonJS library's require() of a Node built-in needs a require in an ES module.
    banner: {
      js: "import { createRequire as __vendorRequire } from 'node:module'\nconst require = __vendorRequire(import.meta.url)",
    },
  })
  // tsc's source map described the one-line re-export, not the bundle.
  await rm(`${out}.map`, { force: true })
}
