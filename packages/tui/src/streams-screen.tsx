import { Box, Text } from 'ink'
import { useEffect, useState } from 'react'
import type { StreamChoice, TuiBackend, TuiSource } from './backend.js'
import { Row, useColor, useKeys, useTerminalSize } from './ui.js'

export interface StreamsScreenProps {
  backend: TuiBackend
  source: TuiSource
  onChoose(choice: StreamChoice): void
  onBack(): void
}

/** The Streams screen: what the source's provider lists (log groups and streams, runs, event sources). */
export function StreamsScreen({ backend, source, onChoose, onBack }: StreamsScreenProps) {
  const { columns, rows } = useTerminalSize()
  const color = useColor()
  const [streams, setStreams] = useState<StreamChoice[]>()
  const [error, setError] = useState<string>()
  const [cursor, setCursor] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    setStreams(undefined)
    setError(undefined)
    setCursor(0)
    backend.streams(source, controller.signal).then(
      (list) => {
        if (!controller.signal.aborted) setStreams(list)
      },
      (err: Error & { hint?: string }) => {
        if (!controller.signal.aborted) setError(`${err.message}${err.hint ? ` ${err.hint}` : ''}`)
      },
    )
    return () => controller.abort()
  }, [backend, source])

  const list = streams ?? []
  useKeys((input, key) => {
    if (key.downArrow || input === 'j') setCursor((c) => Math.min(list.length - 1, c + 1))
    else if (key.upArrow || input === 'k') setCursor((c) => Math.max(0, c - 1))
    else if (key.return && list[cursor]) onChoose(list[cursor]!)
    else if (key.escape || input === 'q') onBack()
  })

  const height = Math.max(1, rows - 3)
  const top = Math.max(0, cursor - height + 1)
  const label = source.component ? `${source.stack}/${source.component}/${source.name}` : source.name
  return (
    <Box flexDirection="column" width={columns} height={rows}>
      <Row>
        <Text bold>atmos logs</Text> · Streams · {label} ({source.kind})
        {streams ? ` · ${streams.length}` : ''}
      </Row>
      <Row>
        <Text dimColor>Enter reads only the one chosen · Esc back · Tab screens</Text>
      </Row>
      <Box flexDirection="column" height={height}>
        {error ? (
          <Text color={color('red')}>{error}</Text>
        ) : !streams ? (
          <Text dimColor>Listing {label}…</Text>
        ) : list.length === 0 ? (
          <Text dimColor>The provider lists nothing for this source.</Text>
        ) : (
          list.slice(top, top + height).map((s, i) => (
            <Row key={`${s.depth}:${s.name}:${s.description ?? ''}`} inverse={top + i === cursor}>
              {top + i === cursor ? '>' : ' '} {'  '.repeat(s.depth)}
              {s.name}
              {s.description ? <Text dimColor> {s.description}</Text> : ''}
            </Row>
          ))
        )}
      </Box>
      <Row> </Row>
    </Box>
  )
}
