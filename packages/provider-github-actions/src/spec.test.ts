import { parseSpec } from './spec.js'

describe('github/actions spec', () => {
  it('reads repo, workflow, filters and timings with defaults', () => {
    expect(parseSpec({ repo: 'acme/app' }, 'ci')).toEqual({
      owner: 'acme',
      repo: 'app',
      workflow: undefined,
      branch: undefined,
      event: undefined,
      apiUrl: undefined,
      pollIntervalMs: 3000,
      maxRuns: 10,
    })
    expect(
      parseSpec(
        {
          repo: 'acme/infra.live',
          workflow: 'deploy.yml',
          branch: 'main',
          event: 'push',
          api_url: 'https://ghe.example.com/api/v3/',
          poll_interval: '500ms',
          max_runs: 3,
        },
        'ci',
      ),
    ).toMatchObject({
      repo: 'infra.live',
      workflow: 'deploy.yml',
      apiUrl: 'https://ghe.example.com/api/v3',
      pollIntervalMs: 500,
      maxRuns: 3,
    })
    expect(parseSpec({ repo: 'acme/app', workflow: 1234 }, 'ci').workflow).toBe('1234')
  })

  it.each([
    [{}, /spec\.repo: required/],
    [{ repo: 'acme' }, /spec\.repo: "acme" is not owner\/name/],
    [{ repo: 'acme/app', workflow: 'deploy' }, /spec\.workflow: "deploy" is neither a workflow file name/],
    [{ repo: 'acme/app', api_url: 'ftp://x' }, /spec\.api_url: expected an http\(s\) URL/],
    [
      { repo: 'acme/app', poll_interval: '10ms' },
      /spec\.poll_interval: expected a duration from 100ms to 1h/,
    ],
    [{ repo: 'acme/app', max_runs: 0 }, /spec\.max_runs: expected a whole number from 1 to 100/],
    [
      { repo: 'acme/app', log_group: 'x' },
      /spec\.log_group: unknown field\. Known fields are repo, workflow/,
    ],
  ])('names the field of a bad spec %j', (spec, message) => {
    expect(() => parseSpec(spec, 'ci')).toThrow(message)
    expect(() => parseSpec(spec, 'ci')).toThrow(/github\/actions source "ci"/)
  })
})
