import { MINUTE, SECOND } from '../durations.js'
import { seededRandom } from '../faults.js'

/** The demo's Google Cloud project and its Cloud Run service. */
export const DEMO_GCP_PROJECT = 'acme-dev'
export const DEMO_CLOUD_RUN_SERVICE = 'acme-dev-web'

const REQUESTS = ['/', '/health', '/api/orders', '/api/orders/ord-1042', '/api/cart']
const STDOUT = `projects/${DEMO_GCP_PROJECT}/logs/run.googleapis.com%2Fstdout`
const STDERR = `projects/${DEMO_GCP_PROJECT}/logs/run.googleapis.com%2Fstderr`
const REQUESTS_LOG = `projects/${DEMO_GCP_PROJECT}/logs/run.googleapis.com%2Frequests`
const AUDIT_LOG = `projects/${DEMO_GCP_PROJECT}/logs/cloudaudit.googleapis.com%2Factivity`

/**
 * A Cloud Run service's last hour, as entries:write takes them: request logs with httpRequest,
 * JSON application logs on stdout (severity, message, trace), a stack trace on stderr, and an
 * audit entry for the deploy. Same `now`, same data.
 */
export function demoCloudLoggingEntries(now: number): Array<Record<string, unknown>> {
  const random = seededRandom(0x9c9)
  const revision = `${DEMO_CLOUD_RUN_SERVICE}-00042-xuv`
  const resource = {
    type: 'cloud_run_revision',
    labels: {
      project_id: DEMO_GCP_PROJECT,
      service_name: DEMO_CLOUD_RUN_SERVICE,
      revision_name: revision,
      location: 'europe-west1',
      configuration_name: DEMO_CLOUD_RUN_SERVICE,
    },
  }
  const entries: Array<Record<string, unknown>> = []
  const start = now - 60 * MINUTE
  entries.push({
    logName: AUDIT_LOG,
    timestamp: new Date(start).toISOString(),
    severity: 'NOTICE',
    resource: { type: 'cloud_run_revision', labels: resource.labels },
    protoPayload: {
      '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
      serviceName: 'run.googleapis.com',
      methodName: 'google.cloud.run.v1.Services.ReplaceService',
      resourceName: `namespaces/${DEMO_GCP_PROJECT}/services/${DEMO_CLOUD_RUN_SERVICE}`,
      authenticationInfo: { principalEmail: 'deployer@acme-dev.iam.gserviceaccount.com' },
      status: {},
    },
  })
  let t = start + 30 * SECOND
  let n = 0
  while (t < now - 10 * SECOND) {
    const trace = `projects/${DEMO_GCP_PROJECT}/traces/${Math.floor(random() * 2 ** 52)
      .toString(16)
      .padStart(13, '0')}`
    const path = REQUESTS[Math.floor(random() * REQUESTS.length)]!
    const failed = n % 17 === 16
    const latency = (0.01 + random() * 0.3).toFixed(3)
    entries.push({
      logName: STDOUT,
      timestamp: new Date(t).toISOString(),
      severity: failed ? 'ERROR' : n % 5 === 0 ? 'DEBUG' : 'INFO',
      resource,
      trace,
      labels: { instanceId: '00c61b117c' },
      jsonPayload: failed
        ? { message: `payment declined for ${path}`, orderId: 'ord-1042', provider: 'stripe' }
        : { message: `handled GET ${path}`, durationMs: Math.round(Number(latency) * 1000) },
    })
    if (failed) {
      entries.push({
        logName: STDERR,
        timestamp: new Date(t + 3).toISOString(),
        severity: 'ERROR',
        resource,
        trace,
        textPayload: 'Error: payment declined\n    at charge (/app/payments.js:42:11)',
      })
    }
    entries.push({
      logName: REQUESTS_LOG,
      timestamp: new Date(t + 5).toISOString(),
      severity: failed ? 'ERROR' : 'INFO',
      resource,
      trace,
      httpRequest: {
        requestMethod: 'GET',
        requestUrl: `https://${DEMO_CLOUD_RUN_SERVICE}-abc123-ew.a.run.app${path}`,
        status: failed ? 502 : 200,
        latency: `${latency}s`,
        userAgent: 'curl/8.5.0',
      },
    })
    n++
    t += 20 * SECOND + Math.floor(random() * 40 * SECOND)
  }
  return entries
}
