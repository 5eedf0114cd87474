import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { runCli } from '../helpers/cli.js'
import { createOutputProject, FIXED_RANGE, useOutputProject } from '../helpers/output-project.js'

/** A stack trace line, as Node prints them. */
const STACK_LINE = /\n\s+at \S/

/** One readable paragraph: `Error: ...` then at most a hint, no blank line, no stack. */
function expectOneParagraph(stderr: string): void {
  expect(stderr).toMatch(/^Error: /)
  expect(stderr.trimEnd()).not.toContain('\n\n')
  expect(stderr).not.toMatch(STACK_LINE)
  expect(stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2)
}

describe('errors through the built CLI', () => {
  const fixture = useOutputProject()
  const { env } = fixture

  const run = (args: string[], cwd = fixture.project) => runCli(args, { env: env(), cwd })

  it('an unknown flag: exit 2, one paragraph that names it and where to look', async () => {
    const out = await run(['logs', 'view', '--source', 'app', '--bogus'])
    expect(out.code).toBe(2)
    expect(out.stdout).toBe('')
    expectOneParagraph(out.stderr)
    expect(out.stderr).toContain('--bogus')
    expect(out.stderr).toContain('atmos logs view --help')
  })

  it('a misspelt flag: the flags of the command near it are offered', async () => {
    const one = await run(['logs', 'view', '--source', 'app', '--sinse', '1h'])
    expect(one.code).toBe(2)
    expectOneParagraph(one.stderr)
    // it said 'Nonexistent flag: --sinse' and no more
    expect(one.stderr).toContain("Error: Nonexistent flag: --sinse. Did you mean '--since'?\n")
    const two = await run(['logs', 'tail', '--source', 'app', '--folow', '--lnes=5'])
    expect(two.code).toBe(2)
    expectOneParagraph(two.stderr)
    expect(two.stderr).toContain("Did you mean '--follow' for --folow, '--lines' for --lnes?")
    // nothing near: no guess
    const none = await run(['logs', 'view', '--source', 'app', '--bogus'])
    expect(none.stderr).not.toContain('Did you mean')
  })

  it('a bad flag value: exit 2, one paragraph', async () => {
    const out = await run(['logs', 'tail', '--source', 'app', '--lines', 'many'])
    expect(out.code).toBe(2)
    expectOneParagraph(out.stderr)
    expect(out.stderr).toMatch(/--lines.*integer.*many/)
    expect(out.stderr).toContain('atmos logs tail --help')
  })

  it('a selection that needs more: exit 2 with a hint', async () => {
    const out = await run(['logs', 'view', '--stack', 'dev'])
    expect(out.code).toBe(2)
    expectOneParagraph(out.stderr)
    expect(out.stderr).toContain('Hint: ')
  })

  describe('a malformed atmos.yaml', () => {
    let broken: string

    beforeAll(async () => {
      broken = await createOutputProject()
      // `spec` is indented one space short of its sibling `kind`
      await writeFile(
        path.join(broken, 'atmos.yaml'),
        'logs:\n  sources:\n    app:\n      kind: local/file\n     spec:\n        path: ./logs/app.log\n',
      )
    })

    it('exit 2 with the file and the line, no stack trace', async () => {
      const out = await run(['logs', 'view', '--source', 'app', ...FIXED_RANGE], broken)
      expect(out.code).toBe(2)
      expect(out.stdout).toBe('')
      expectOneParagraph(out.stderr)
      expect(out.stderr).toContain(`${path.join(broken, 'atmos.yaml')}:5`)
      expect(out.stderr).toMatch(/line 5/)
    })

    it('--debug adds the stack trace after the paragraph', async () => {
      const out = await run(['logs', 'view', '--source', 'app', '--debug', ...FIXED_RANGE], broken)
      expect(out.code).toBe(2)
      const [paragraph, trace] = out.stderr.split('\n\n')
      expectOneParagraph(`${paragraph}\n`)
      expect(paragraph).toContain(`${path.join(broken, 'atmos.yaml')}:5`)
      expect(trace).toMatch(STACK_LINE)
    })
  })
})
