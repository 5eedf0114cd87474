import { describe, expect, it } from '@jest/globals'
import { ownsCommand, ownTopicOf } from './owns.js'

const ours = new Set(['logs:view', 'logs:sources', 'plugins', 'plugins:install', 'help'])
const topics = new Set(['logs', 'plugins'])
const config = {
  findCommand: (id: string) => (ours.has(id) ? { id } : undefined),
  findTopic: (id: string) => (topics.has(id) ? { name: id } : undefined),
}

describe('which commands are ours', () => {
  it.each([
    [[], undefined],
    [['--help'], '--help'],
    [['--version'], '--version'],
    [['logs'], 'logs'],
    [['logs', 'view', 'api', '-s', 'dev'], 'logs:view'],
    [['plugins', 'install', 'gcp'], 'plugins:install'],
    [['help', 'logs', 'view'], 'help'],
  ])('%j is ours', (argv, id) => {
    expect(ownsCommand(config, id as string | undefined, argv as string[])).toBe(true)
  })

  it.each([
    [['list', 'stacks'], 'list:stacks'],
    [['terraform', 'plan', 'vpc', '-s', 'dev'], 'terraform:plan:vpc'],
    [['version'], 'version'],
    [['-C', 'infra', 'describe', 'config'], '-C'],
    [['--help', 'terraform'], '--help'],
    [['help', 'terraform'], 'help'],
  ])("%j is the Go atmos's", (argv, id) => {
    expect(ownsCommand(config, id, argv)).toBe(false)
  })
})

describe('a command under a topic of ours', () => {
  it("names the topic for a typo under it, and nothing for the Go atmos's commands", () => {
    expect(ownTopicOf(config, ['logs', 'viwe', '-s', 'dev'])).toBe('logs')
    expect(ownTopicOf(config, ['plugins', 'lst'])).toBe('plugins')
    expect(ownTopicOf(config, ['list', 'stacks'])).toBeUndefined()
    expect(ownTopicOf(config, ['--chdir', 'logs'])).toBeUndefined()
    expect(ownTopicOf(config, [])).toBeUndefined()
  })
})
