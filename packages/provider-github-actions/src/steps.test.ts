import { parseLogText } from './log-lines.js'
import { assignStepsByTime, type StepTiming } from './steps.js'

const step = (
  number: number,
  name: string,
  from: string,
  to: string | null,
  conclusion = 'success',
): StepTiming => ({
  number,
  name,
  status: to ? 'completed' : 'in_progress',
  conclusion: to ? conclusion : null,
  started_at: `2026-11-27T10:00:${from}.000Z`,
  completed_at: to ? `2026-11-27T10:00:${to}.000Z` : null,
})
const log = (rows: Array<[string, string]>) =>
  parseLogText(rows.map(([at, text]) => `2026-11-27T10:00:${at}0000Z ${text}\n`).join(''), true)

describe('steps by time (no per-step files)', () => {
  const steps = [
    step(1, 'Set up job', '00', '02'),
    step(2, 'Build', '02', '05', 'failure'),
    step(3, 'Upload', '05', '05', 'skipped'),
    step(4, 'Complete job', '05', '06'),
  ]
  it('uses the runner markers inside a shared second, and the later step otherwise', () => {
    const lines = log([
      ['00.100', 'Current runner version'],
      ['02.100', 'Prepare all required actions'], // shared second 02, Build's header still to come
      ['02.500', '##[group]Run make'],
      ['03.000', 'compiling'],
      ['05.000', '##[error]Process completed with exit code 1.'], // the failure footer ends Build
      ['05.400', 'Cleaning up orphan processes'], // no header follows: the later step
    ])
    expect(assignStepsByTime(lines, steps).map((s) => s?.name)).toEqual([
      'Set up job',
      'Set up job',
      'Build',
      'Build',
      'Build',
      'Complete job',
    ])
  })

  it('gives a line in a gap between steps to the later one, and never goes back', () => {
    const gappy = [step(1, 'A', '00', '01'), step(2, 'B', '04', null)]
    const lines = log([
      ['00.500', 'a'],
      ['02.500', 'between'],
      ['05.000', 'b'],
      ['01.000', 'clock skew'],
    ])
    expect(assignStepsByTime(lines, gappy).map((s) => s?.name)).toEqual(['A', 'B', 'B', 'B'])
  })

  it('labels nothing when the jobs API gives no step times', () => {
    expect(assignStepsByTime(log([['00.000', 'x']]), [])).toEqual([undefined])
  })
})

describe('steps of a running job', () => {
  it('leaves unlabelled a line after every step the jobs answer knows', () => {
    const known = [step(1, 'Set up job', '00', '02')]
    const lines = log([
      ['01.000', 'setting up'],
      ['04.000', '##[group]Run make'],
    ])
    expect(assignStepsByTime(lines, known, true).map((s) => s?.name)).toEqual(['Set up job', undefined])
    expect(assignStepsByTime(lines, known, false).map((s) => s?.name)).toEqual(['Set up job', 'Set up job'])
  })
})
