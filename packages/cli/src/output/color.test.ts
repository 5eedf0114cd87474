import { describe, expect, it } from '@jest/globals'
import { decideColor } from './color.js'

describe('decideColor', () => {
  it.each([
    ['a terminal, nothing set', {}, true, undefined, undefined, true],
    ['a pipe, nothing set', {}, false, undefined, undefined, false],
    ['--no-color on a terminal', {}, true, false, undefined, false],
    ['--no-color beats FORCE_COLOR', { FORCE_COLOR: '1' }, true, false, undefined, false],
    ['--color beats NO_COLOR', { NO_COLOR: '1' }, false, true, undefined, true],
    ['NO_COLOR on a terminal', { NO_COLOR: '1' }, true, undefined, undefined, false],
    ['NO_COLOR beats FORCE_COLOR', { NO_COLOR: '1', FORCE_COLOR: '1' }, true, undefined, undefined, false],
    ['an empty NO_COLOR is ignored', { NO_COLOR: '' }, true, undefined, undefined, true],
    ['FORCE_COLOR in a pipe', { FORCE_COLOR: '1' }, false, undefined, undefined, true],
    ['FORCE_COLOR empty counts as on', { FORCE_COLOR: '' }, false, undefined, undefined, true],
    ['FORCE_COLOR=3', { FORCE_COLOR: '3' }, false, undefined, undefined, true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, true, undefined, undefined, false],
    ['FORCE_COLOR=false on a terminal', { FORCE_COLOR: 'false' }, true, undefined, undefined, false],
    ['FORCE_COLOR beats colorize: false', { FORCE_COLOR: '1' }, true, undefined, false, true],
    ['colorize: false on a terminal', {}, true, undefined, false, false],
    ['colorize: true on a terminal', {}, true, undefined, true, true],
    ['colorize: true still not in a pipe', {}, false, undefined, true, false],
    ['TERM=dumb', { TERM: 'dumb' }, true, undefined, undefined, false],
  ] as const)('%s', (_name, env, isTTY, flag, setting, expected) => {
    expect(decideColor({ env, isTTY, flag, setting })).toBe(expected)
  })
})
