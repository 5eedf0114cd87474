import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { Emulator } from '../server.js'

/** A CloudWatch Logs client pointed at the emulator, configured as the providers configure theirs. */
export function logsClient(
  emulator: Emulator,
  opts: { accessKeyId?: string; maxAttempts?: number; region?: string } = {},
) {
  return new CloudWatchLogsClient({
    endpoint: emulator.endpoint,
    region: opts.region ?? 'us-east-1',
    credentials: { accessKeyId: opts.accessKeyId ?? 'AKIATESTCLIENT000001', secretAccessKey: 'test-secret' },
    disableHostPrefix: true,
    maxAttempts: opts.maxAttempts ?? 3,
  })
}

export async function postJson(
  emulator: Emulator,
  path: string,
  body: unknown,
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${emulator.endpoint}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: await res.json() }
}
