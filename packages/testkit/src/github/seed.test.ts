import { demoGitHubSeed } from './demo.js'
import { GitHubSeedError, parseGitHubSeed } from './seed.js'
import { GitHubStore } from './store.js'

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0)
const run = (extra: Record<string, unknown> = {}) => ({
  createdAt: T0,
  jobs: [{ name: 'b', steps: [{ name: 's', durationMs: 1 }] }],
  ...extra,
})
const seedWith = (runs: unknown[]) => ({
  repos: [{ owner: 'o', name: 'r', workflows: [{ name: 'W', path: '.github/workflows/w.yml', runs }] }],
})

describe('GitHub seed', () => {
  it('names the JSON path of the first problem', () => {
    expect(() => parseGitHubSeed({ repos: [{ owner: 'o', workflows: [] }] })).toThrow(
      'The GitHub emulator seed is invalid at github.repos[0].name: expected a non-empty string.',
    )
    expect(() =>
      parseGitHubSeed(seedWith([run({ jobs: [{ name: 'b', steps: [{ name: 's', durationMs: -1 }] }] })])),
    ).toThrow(
      'github.repos[0].workflows[0].runs[0].jobs[0].steps[0].durationMs: expected a non-negative integer',
    )
    expect(() => parseGitHubSeed(seedWith([{ createdAt: 'yesterday', jobs: [] }]))).toThrow(
      'runs[0].createdAt: expected epoch milliseconds or an ISO 8601 date-time',
    )
    expect(() =>
      parseGitHubSeed(seedWith([run({ jobs: [{ name: 'b', needs: ['nope'], steps: [] }] })])),
    ).toThrow('runs[0].jobs[0].needs: "nope" is not another job of the same attempt')
    expect(() => parseGitHubSeed(seedWith([run({ attempts: [] })]))).toThrow(GitHubSeedError)
  })

  it('rejects needs that form a cycle', () => {
    const store = new GitHubStore()
    const jobs = [
      { name: 'a', needs: ['b'], steps: [] },
      { name: 'b', needs: ['a'], steps: [] },
    ]
    expect(() => store.seed(seedWith([run({ jobs })]) as never)).toThrow(
      'jobs "a", "b" need each other in a cycle',
    )
  })

  it('leaves the store as it was when a seed fails halfway, and replaces a repository seeded again', () => {
    const store = new GitHubStore()
    store.seed(seedWith([run({ id: 5 })]) as never)
    expect(() =>
      store.seed({
        repos: [
          ...seedWith([run({ id: 7 })]).repos,
          ...seedWith([run({ id: 7 })]).repos.map((r) => ({ ...r, name: 'other' })),
        ],
      } as never),
    ).toThrow('id 7 is already used by another run')
    expect(store.repo('o', 'r')!.runs.map((r) => r.id)).toEqual([5])
    expect(store.repo('o', 'other')).toBeUndefined()
    store.seed(seedWith([run({ id: 5 }), run({ createdAt: T0 + 1 })]) as never)
    expect(store.repo('O', 'R')!.runs).toHaveLength(2)
  })

  it('builds the demo seed, which round-trips through JSON', () => {
    const seed = demoGitHubSeed(T0)
    expect(parseGitHubSeed(JSON.parse(JSON.stringify(seed)))).toEqual(parseGitHubSeed(seed))
    const store = new GitHubStore()
    store.seed(seed)
    const repo = store.repo('acme', 'infrastructure')!
    expect(store.workflow(repo, 'deploy.yml')!.name).toBe('Deploy')
  })
})
