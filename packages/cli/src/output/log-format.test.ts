import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { logEntry } from './log-entry.js'
import { createLogFormatLogger } from './log-format.js'

describe('the log format keeps secrets out of the log', () => {
  it('scrubs secret values from every line and redacts credential-shaped keys', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'log-format-')), 'atmos.log')
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    const logger = createLogFormatLogger({
      file,
      env: {},
      scrub: (line) => line.split(secret).join('****'),
    })
    logEntry(logger, {
      timestamp: new Date('2026-11-27T10:00:00Z'),
      message: `printed by a careless app: ${secret}`,
      level: 'WARN',
      source: 'app',
      kind: 'aws/cloudwatch',
      component: 'api',
      stack: 'dev',
      metadata: { credentials: { secretAccessKey: 'another-secret-value' } },
    })
    logger.flush()
    const text = await readFile(file, 'utf8')
    const line = JSON.parse(text.trim())
    expect(line.level).toBe('warn')
    expect(line.msg).toBe('printed by a careless app: ****')
    expect(line.metadata.credentials.secretAccessKey).toBe('****')
    expect(text).not.toContain(secret)
    expect(text).not.toContain('another-secret-value')
  })
})
