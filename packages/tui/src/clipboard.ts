/**
 * Puts text on the system clipboard through the terminal (OSC 52), which works over ssh and in
 * tmux with `set-clipboard on`; terminals that do not allow it ignore the sequence.
 */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`
}
