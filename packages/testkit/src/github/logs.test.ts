import { BYTE_ORDER_MARK, formatLogTimestamp, JobLogWriter, renderLog, stepHeaderTexts } from './logs.js'
import { buildRepo, newIdAllocator } from './model.js'

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0)

describe('job log text', () => {
  it('formats timestamps with seven fractional digits', () => {
    expect(formatLogTimestamp(T0 + 1123, 4567)).toBe('2026-11-27T10:00:01.1234567Z')
    expect(formatLogTimestamp(T0, 7)).toBe('2026-11-27T10:00:00.0000007Z')
  })

  it('keeps lines strictly increasing even when written for the same instant or out of order', () => {
    const w = new JobLogWriter(42)
    const lines = [w.add(T0, 'a'), w.add(T0, 'b'), w.add(T0 - 5, 'c'), w.add(T0 + 10, 'd')]
    const stamps = lines.map((l) => formatLogTimestamp(l.ms, l.sub))
    expect(new Set(stamps).size).toBe(4)
    expect(stamps).toEqual([...stamps].sort())
    for (const l of lines) expect(l.sub).toBeGreaterThanOrEqual(0)
  })

  it('renders only the lines whose time has come, starting with a byte-order mark', () => {
    const w = new JobLogWriter(1)
    const lines = [w.add(T0, 'first'), w.add(T0 + 1000, 'second')]
    expect(renderLog(lines, T0 - 1)).toBe(BYTE_ORDER_MARK)
    expect(renderLog(lines, T0 + 500)).toMatch(/^\uFEFF2026-11-27T10:00:00\.000\d{4}Z first\n$/)
    expect(renderLog(lines, T0 + 1000).split('\n')).toHaveLength(3)
  })

  it('opens shell and action steps with the runner group block', () => {
    expect(stepHeaderTexts({ name: 'x', durationMs: 1, run: 'make\nmake test' })).toEqual([
      '##[group]Run make',
      'make',
      'make test',
      'shell: /usr/bin/bash -e {0}',
      '##[endgroup]',
    ])
    expect(
      stepHeaderTexts({
        name: 'x',
        durationMs: 1,
        uses: 'actions/checkout@v4',
        with: { 'fetch-depth': '1' },
      }),
    ).toEqual(['##[group]Run actions/checkout@v4', 'with:', '  fetch-depth: 1', '##[endgroup]'])
  })

  it('grows a job log step by step as the clock moves', () => {
    const repo = buildRepo(
      {
        owner: 'o',
        name: 'r',
        workflows: [
          {
            name: 'W',
            path: '.github/workflows/w.yml',
            runs: [
              {
                createdAt: T0,
                jobs: [
                  {
                    name: 'j',
                    queueMs: 0,
                    setupSteps: false,
                    steps: [
                      { name: 'one', durationMs: 10_000, lines: ['a1', { atMs: 9000, text: 'a2' }] },
                      { name: 'two', durationMs: 10_000, lines: ['b1'] },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
      newIdAllocator(),
      'github.repos[0]',
    )
    const job = repo.runs[0]!.attempts[0]!.jobs[0]!
    const texts = (now: number) =>
      renderLog(job.lines, now)
        .slice(1)
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(29))
    expect(texts(T0 + 4000)).toEqual([])
    expect(texts(T0 + 5000)).toEqual(['a1'])
    expect(texts(T0 + 9000)).toEqual(['a1', 'a2'])
    expect(texts(T0 + 20_000)).toEqual(['a1', 'a2', 'b1'])
  })
})
