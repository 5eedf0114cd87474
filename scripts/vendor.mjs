// Bundles each module of a package's dist/vendor/ (compiled from src/vendor/, where each module
// re-exports one library) with the library it re-exports, in place: Node then reads a few files
// where the library has dozens or hundreds, and finding and reading them is most of what loading
// it costs. What a library imports lazily (`import()`) stays lazy: it goes to a chunk of its own
// under dist/vendor/chunks/, read only when called, as are the parts the modules share. The
// declarations tsc wrote stay as they are. Run from the package's folder, after tsc.
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { build } from 'esbuild'

const root = process.cwd()
const src = path.join(root, 'src/vendor')
const out = path.join(root, 'dist/vendor')
const entryPoints = (await readdir(src, { recursive: true }))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => path.join(src, f))
// What a bundle leaves out of its library. zod's messages in sixty-odd languages besides English
// are half its size and never shown: core words most issues itself and falls back to zod's
// English, which stays zod's default.
const leftOut = {
  name: 'left-out',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: "export { default as en } from './en.js'",
      loader: 'js',
    }))
  },
}
// Chunk names carry a content hash: those of an earlier build would otherwise stay and be published.
await rm(path.join(out, 'chunks'), { recursive: true, force: true })
await build({
  entryPoints,
  outdir: out,
  outbase: src,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A library's ES build, where it has one: only what is used of it is bundled.
  mainFields: ['module', 'main'],
  legalComments: 'inline',
  // Smaller to parse; names are kept, for stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  plugins: [leftOut],
  // A CommonJS library's require() of a Node built-in needs a require in an ES module.
  banner: {
    js: "import { createRequire as __vendorRequire } from 'node:module'\nconst require = __vendorRequire(import.meta.url)",
  },
})
// tsc's source maps described the one-line re-exports, not the bundles.
for (const file of await readdir(out, { recursive: true }))
  if (file.endsWith('.js.map')) await rm(path.join(out, file), { force: true })
