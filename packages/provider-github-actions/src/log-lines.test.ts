import { parseLogText } from './log-lines.js'

describe('job log text', () => {
  const text =
    '\uFEFF2026-11-27T10:00:01.1234567Z ##[group]Run make\n' +
    '2026-11-27T10:00:01.2000000Z make\n' +
    '2026-11-27T10:00:01.3000000Z ##[endgroup]\n' +
    '2026-11-27T10:00:02.0000001Z ##[warning]careful\n' +
    '2026-11-27T10:00:03.5000000Z \u001b[31mred\u001b[0m\n' +
    '2026-11-27T10:00:04.0000000Z ##[error]Process completed with exit code 1.\n' +
    '2026-11-27T10:00:04.1000000Z ##[debug]detail\n'

  it('takes the time from the 7-digit prefix, drops the BOM, keeps the rest of the line as stored', () => {
    const lines = parseLogText(text, true)
    expect(
      lines.map((l) => [l.number, new Date(l.time).toISOString(), l.level, l.text, l.group ?? null]),
    ).toEqual([
      [1, '2026-11-27T10:00:01.123Z', 'INFO', '##[group]Run make', 'Run make'],
      [2, '2026-11-27T10:00:01.200Z', 'INFO', 'make', 'Run make'],
      [3, '2026-11-27T10:00:01.300Z', 'INFO', '##[endgroup]', 'Run make'],
      [4, '2026-11-27T10:00:02.000Z', 'WARN', '##[warning]careful', null],
      [5, '2026-11-27T10:00:03.500Z', 'INFO', '\u001b[31mred\u001b[0m', null],
      [6, '2026-11-27T10:00:04.000Z', 'ERROR', '##[error]Process completed with exit code 1.', null],
      [7, '2026-11-27T10:00:04.100Z', 'DEBUG', '##[debug]detail', null],
    ])
  })

  it('holds back the unfinished last line of a running job', () => {
    const partial = `${text}2026-11-27T10:00:05.0000000Z half a li`
    expect(parseLogText(partial, false)).toHaveLength(7)
    expect(parseLogText(partial, true)).toHaveLength(8)
    expect(parseLogText('\uFEFF', false)).toEqual([])
  })
})
