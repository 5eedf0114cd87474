import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listFilesRecursive } from './files.js'

describe('listFilesRecursive', () => {
  it('lists nested files sorted, relative with / separators, without entering .git or node_modules', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'files-'))
    for (const rel of [
      'b.yaml',
      'deploy/dev.yaml',
      'deploy/nested/prod.yaml',
      'node_modules/pkg/x.yaml',
      '.git/y.yaml',
      'catalog/node_modules.yaml',
    ]) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true })
      await writeFile(path.join(root, rel), 'vars: {}\n')
    }
    expect(await listFilesRecursive(root)).toEqual([
      'b.yaml',
      'catalog/node_modules.yaml',
      'deploy/dev.yaml',
      'deploy/nested/prod.yaml',
    ])
  })

  it('is empty for a folder that does not exist', async () => {
    expect(await listFilesRecursive('/nonexistent/atmos-logs/stacks')).toEqual([])
  })
})
