import type { IncomingMessage, ServerResponse } from 'node:http'
import { AwsServiceError, isAwsServiceError } from './aws-error.js'
import {
  accessKeyIdOf,
  JSON_11,
  parseJsonBody,
  parseTarget,
  readBody,
  sendJson,
  signingRegionOf,
} from './aws-json.js'
import type { Clock } from './clock.js'
import type { CloudTrailService } from './cloudtrail/index.js'
import { ACCOUNT_ID, REGION } from './cloudwatch/arn.js'
import type { LiveTailManager } from './cloudwatch/live-tail.js'
import { type CloudWatchService, runCloudWatchOperation } from './cloudwatch/operations.js'
import type { FaultInjector } from './faults.js'
import { Params } from './params.js'
import type { StatsRecorder } from './stats.js'

export interface AwsServices {
  clock: Clock
  cloudwatchService: CloudWatchService
  liveTail: LiveTailManager
  cloudtrail: CloudTrailService
  faults: FaultInjector
  stats: StatsRecorder
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The AWS JSON 1.1 endpoint: `X-Amz-Target` picks CloudWatch Logs or CloudTrail. Every call is
 * recorded, then meets the configured faults before its service sees it. Both services are
 * regional: a call sees the region its SigV4 credential scope names (REGION when unsigned).
 */
export function createAwsEndpoint(services: AwsServices) {
  const { clock, faults, stats } = services
  return async function handleAws(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseTarget(req.headers['x-amz-target'] as string | undefined)
    const body = await readBody(req)
    if (!target) {
      const given = req.headers['x-amz-target']
      throw new AwsServiceError(
        'UnknownOperationException',
        given
          ? `The emulator does not serve the target ${given}; it serves Logs_20140328.* and CloudTrail_20131101.*.`
          : 'The request has no X-Amz-Target header; the emulator serves the AWS JSON 1.1 protocol of CloudWatch Logs and CloudTrail.',
      )
    }
    const { service, operation } = target
    const input = parseJsonBody(body)
    const accessKeyId = accessKeyIdOf(req.headers.authorization) ?? null
    stats.record({
      operation,
      service,
      accessKeyId,
      params: input,
      time: clock.now(),
    })
    const latency = faults.latencyFor(operation)
    if (latency > 0) await sleep(latency)
    if (injectFault(services, req, res, service, operation) === 'cut') return
    const region = signingRegionOf(req.headers.authorization) ?? REGION
    if (service === 'logs' && operation === 'StartLiveTail') {
      services.liveTail.start(res, new Params(input), region)
      return
    }
    if (service === 'logs') {
      const ctx = { ...services.cloudwatchService, region }
      return sendJson(res, 200, runCloudWatchOperation(ctx, operation, input))
    }
    try {
      sendJson(res, 200, services.cloudtrail.handle(operation, input, { accessKeyId, region }))
    } catch (e) {
      // CloudTrail's own quota (2 lookups a second), counted like an injected throttle.
      if (isAwsServiceError(e) && e.type === 'ThrottlingException') stats.recordThrottle(operation)
      throw e
    }
  }
}

/** Throws the AWS error an injected fault answers with; 'cut' when the connection was reset instead. */
function injectFault(
  { faults, stats }: Pick<AwsServices, 'faults' | 'stats'>,
  req: IncomingMessage,
  res: ServerResponse,
  service: string,
  operation: string,
): 'cut' | undefined {
  const fault = faults.decide(operation)
  if (fault) stats.recordFault(fault)
  switch (fault) {
    case 'reset':
      req.socket.destroy()
      return 'cut'
    case 'throttle':
      stats.recordThrottle(operation)
      throw new AwsServiceError('ThrottlingException', 'Rate exceeded')
    case 'error5xx':
      // Each service answers with the 5xx error its own model names.
      throw new AwsServiceError(
        service === 'cloudtrail' ? 'InternalFailure' : 'ServiceUnavailableException',
        'The service is unavailable (injected by the emulator faults).',
        500,
      )
    case 'malformed': {
      // A page cut short on its way: the status and headers of a success, half a JSON body.
      const body = '{"events":[{"logStreamName":"'
      res.writeHead(200, { 'Content-Type': JSON_11, 'Content-Length': Buffer.byteLength(body) })
      res.end(body)
      return 'cut'
    }
    case 'accessDenied':
      throw new AwsServiceError(
        'AccessDeniedException',
        `User: arn:aws:sts::${ACCOUNT_ID}:assumed-role/emulator/session is not authorized to perform: ${service}:${operation} because no identity-based policy allows the ${service}:${operation} action`,
      )
  }
  return undefined
}
