/** The time range presets of keys 1 to 6: how far back the Logs screen reads before following. */
export const TIME_PRESETS: ReadonlyArray<{ key: string; label: string; ms: number }> = [
  { key: '1', label: '5m', ms: 5 * 60_000 },
  { key: '2', label: '15m', ms: 15 * 60_000 },
  { key: '3', label: '1h', ms: 3_600_000 },
  { key: '4', label: '3h', ms: 3 * 3_600_000 },
  { key: '5', label: '24h', ms: 24 * 3_600_000 },
  { key: '6', label: '7d', ms: 7 * 24 * 3_600_000 },
]
