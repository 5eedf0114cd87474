/**
 * Tests that drive a peer program (the Debian awscli, tmux) cannot run without it. Locally they
 * are skipped with a message; under CI (`CI=true`) the missing peer is a failing test instead,
 * so a green CI run always means the peer was there and the tests ran.
 */
export interface Peer {
  /** What is missing, e.g. `the Debian awscli (/usr/bin/aws)`. */
  what: string
  /** How to get it, e.g. `apt-get install awscli`. */
  install: string
}

type Block = (name: string, body: () => void) => void
type Test = (name: string, body: () => void) => void

/** True when running under CI, where a skipped peer test must fail instead. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.CI ?? '').toLowerCase() === 'true' || env.CI === '1'
}

/**
 * `describe` when the peer is available; otherwise a block that skips (locally, with a message on
 * stderr) or fails (under CI) naming the peer and how to install it.
 */
export function describeWithPeer(
  jest: { describe: Block & { skip: Block }; it: Test },
  available: boolean,
  peer: Peer,
): Block {
  if (available) return jest.describe
  const why = `needs ${peer.what} (${peer.install})`
  if (inCI()) {
    return (name) =>
      jest.describe(name, () => {
        jest.it(why, () => {
          throw new Error(
            `${peer.what} is missing on this CI machine; ${peer.install} (scripts/setup.sh does).`,
          )
        })
      })
  }
  return (name) => {
    process.stderr.write(`SKIPPED: "${name}" ${why}.\n`)
    jest.describe.skip(name, () => {
      jest.it(why, () => undefined)
    })
  }
}
