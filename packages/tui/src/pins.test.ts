import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { filePinStore, MAX_PINS, pinsFile } from './pins.js'

describe('pinsFile', () => {
  it('is under ATMOS_DATA_DIR, else XDG_DATA_HOME/atmos, else ~/.atmos', () => {
    expect(pinsFile({ ATMOS_DATA_DIR: '/d', XDG_DATA_HOME: '/x' })).toBe('/d/logs/pinned_sources.json')
    expect(pinsFile({ XDG_DATA_HOME: '/x' })).toBe('/x/atmos/logs/pinned_sources.json')
    expect(pinsFile({})).toMatch(/\/\.atmos\/logs\/pinned_sources\.json$/)
  })
})

describe('filePinStore', () => {
  it('saves and loads the pins, in order, at most MAX_PINS', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'pins-')), 'a/b/pinned_sources.json')
    const store = filePinStore(file)
    expect(await store.load()).toEqual({ keys: [] })
    await store.save(['dev/api/function', 'dev/worker/service'])
    expect(await store.load()).toEqual({ keys: ['dev/api/function', 'dev/worker/service'] })
    await store.save(['1', '2', '3', '4', '5', '6', '7'])
    expect((await store.load()).keys).toHaveLength(MAX_PINS)
  })

  it('reports a corrupt file once and replaces it with an empty list', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'pins-')), 'pinned_sources.json')
    await writeFile(file, '{"pinned": [1, 2')
    const store = filePinStore(file)
    const first = await store.load()
    expect(first.keys).toEqual([])
    expect(first.problem).toBe(`${file} was not a list of pinned sources; it was replaced by an empty one.`)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ pinned: [] })
    expect(await store.load()).toEqual({ keys: [] })
  })
})
