import type { IncomingMessage, ServerResponse } from 'node:http'
import { AwsServiceError, isAwsServiceError } from './aws-error.js'
import { sendAwsError, sendJson } from './aws-json.js'
import { type ControlTargets, handleControl } from './control.js'
import type { CloudLoggingService } from './gcp/index.js'
import type { GitHubEmulator } from './github/index.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

export interface Routes {
  /** The origin this router answers on, read once the listener has a port. */
  endpoint(): string
  control: ControlTargets
  github: GitHubEmulator
  logging: CloudLoggingService
  aws: Handler
}

/**
 * The main listener's routes: `/_emulator/` control, `/github/` REST, Cloud Logging's `/v2/` REST, AWS JSON 1.1 by
 * `X-Amz-Target`, and `GET /` naming the endpoints. A failure the services did not shape becomes
 * an AWS-style InternalFailure, never a hung request.
 */
export function createRouter(routes: Routes): (req: IncomingMessage, res: ServerResponse) => void {
  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path.startsWith('/_emulator/')) return handleControl(routes.control, req, res, path)
    if (path === '/github' || path.startsWith('/github/')) {
      return routes.github.handle(req, res, (req.url ?? '/').slice('/github'.length) || '/')
    }
    if (path.startsWith('/v2/')) return routes.logging.handle(req, res, path)
    if (req.method === 'POST' && req.headers['x-amz-target']) return routes.aws(req, res)
    if (req.method === 'GET' && path === '/') {
      const endpoint = routes.endpoint()
      return sendJson(res, 200, {
        service: 'atmos-emulator',
        endpoint,
        github: `${endpoint}/github`,
        logging: endpoint,
      })
    }
    throw new AwsServiceError(
      'UnknownOperationException',
      `The emulator has no route ${req.method} ${path}.`,
      404,
    )
  }

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    route(req, res, path).catch((e) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (isAwsServiceError(e)) return sendAwsError(res, e)
      process.stderr.write(
        `atmos-emulator: internal error on ${req.method} ${path}: ${(e as Error).stack ?? e}\n`,
      )
      sendAwsError(
        res,
        new AwsServiceError('InternalFailure', `The emulator failed: ${(e as Error).message}`, 500),
      )
    })
  }
}

/** The second origin GitHub's job-log redirects point at, as the real blob storage is another host. */
export function createGitHubLogsRoute(
  github: GitHubEmulator,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    github.handleLogs(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end(`The emulator's log storage failed: ${(e as Error).message}`)
    })
  }
}
