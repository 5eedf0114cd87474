import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Listens on 127.0.0.1 (`port` 0 picks a free one) and returns the origin, `http://127.0.0.1:N`. */
export async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Stops accepting, cuts open connections (Live Tail streams stay open otherwise), and waits. */
export async function closeServers(servers: Server[]): Promise<void> {
  const closing = Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  for (const s of servers) s.closeAllConnections()
  await closing
}
