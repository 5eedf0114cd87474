// Escape sequences a log line may carry: CSI (colours, cursor moves; also its one-byte C1 form),
// OSC/DCS/PM/APC strings (window title, OSC 52 clipboard writes) and the short ESC x forms (ESC c resets).
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)|\u001b[ -/]*[0-~]/
// Colour and style only (SGR): the one kind a message may keep, and only when colour is on.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape sequences is the point
const SGR_SEQUENCE = /^\u001b\[[0-9;:]*m$/
// Control characters left over (BEL, backspace, a lone CR or ESC, C1): shown as visible symbols.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/
// One pass, so that a kept colour sequence's ESC is not then shown as a symbol.
const ESCAPE_OR_CONTROL = new RegExp(`${ESCAPE_SEQUENCE.source}|${CONTROL_CHARACTER.source}`, 'g')

/**
 * A message made safe to show on a terminal: a log line must not be able to retitle, clear or
 * reprogram the terminal of the person reading it (OSC 52 clipboard writes, screen clears, cursor
 * moves). Escape sequences are dropped, colour (SGR) kept only when `keepColour`; other control
 * characters are shown as visible symbols. Newlines and tabs stay; CRLF becomes LF.
 */
export function forTerminal(text: string, opts: { keepColour: boolean }): string {
  return text
    .replace(/\r\n/g, '\n')
    .replace(ESCAPE_OR_CONTROL, (seq) =>
      seq.length === 1 ? visibleControl(seq) : opts.keepColour && SGR_SEQUENCE.test(seq) ? seq : '',
    )
}

/** ␛, ␇, ␍…: the Unicode control picture of a C0 character; C1 and DEL as the replacement character. */
function visibleControl(char: string): string {
  const code = char.charCodeAt(0)
  return code < 0x20 ? String.fromCharCode(0x2400 + code) : '\ufffd'
}
