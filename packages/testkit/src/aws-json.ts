import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { AwsServiceError } from './aws-error.js'

/** The AWS JSON 1.1 protocol: `X-Amz-Target: Prefix.Operation`, a JSON body, `__type` errors. */
export const JSON_11 = 'application/x-amz-json-1.1'

export interface AwsTarget {
  service: 'logs' | 'cloudtrail'
  operation: string
}

const CLOUDTRAIL_TARGETS = ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'CloudTrail_20131101.']

export function parseTarget(header: string | undefined): AwsTarget | undefined {
  if (!header) return undefined
  if (header.startsWith('Logs_20140328.'))
    return { service: 'logs', operation: header.slice('Logs_20140328.'.length) }
  for (const prefix of CLOUDTRAIL_TARGETS) {
    if (header.startsWith(prefix)) return { service: 'cloudtrail', operation: header.slice(prefix.length) }
  }
  return undefined
}

/** The access key id in a SigV4 `Authorization` header (`... Credential=AKID/date/region/service/aws4_request, ...`). */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined
  const m = /Credential=([^/,\s]+)\//.exec(authorization)
  return m?.[1]
}

/** The region a SigV4 `Authorization` header was signed for (the third part of its credential scope). */
export function signingRegionOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined
  const m = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(authorization)
  return m?.[1]
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsServiceError('SerializationException', 'The request body must be a JSON object.')
  }
  return parsed as Record<string, unknown>
}

/** An answer body already serialised (large pages are built from pre-serialised parts). */
export class RawJson {
  constructor(readonly text: string | Buffer) {}
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body instanceof RawJson ? body.text : JSON.stringify(body ?? {})
  res.writeHead(status, {
    'Content-Type': JSON_11,
    'Content-Length': typeof text === 'string' ? Buffer.byteLength(text) : text.length,
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  })
  res.end(text)
}

/** Serializes an error the way the service does: `{"__type", "message"}` plus `x-amzn-ErrorType`. */
export function sendAwsError(res: ServerResponse, error: AwsServiceError): void {
  sendJson(res, error.status, error.toJSON(), { 'x-amzn-ErrorType': error.type })
}
