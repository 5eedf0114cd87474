import type { ChalkInstance } from 'chalk'

type Paint = (chalk: ChalkInstance, text: string) => string

// Twelve colours every terminal has, in an order that keeps the first few far apart. The level
// colours (red, yellow, green) come late so the first prefixes are not mistaken for levels.
const BASIC: Paint[] = [
  (c, t) => c.cyan(t),
  (c, t) => c.magenta(t),
  (c, t) => c.blue(t),
  (c, t) => c.yellow(t),
  (c, t) => c.green(t),
  (c, t) => c.cyanBright(t),
  (c, t) => c.magentaBright(t),
  (c, t) => c.blueBright(t),
  (c, t) => c.yellowBright(t),
  (c, t) => c.greenBright(t),
  (c, t) => c.red(t),
  (c, t) => c.redBright(t),
]

// More distinct hues for 256-colour terminals (orange, violet, teal, pink, olive, ...).
const EXTENDED: Paint[] = [208, 141, 37, 205, 106, 69, 172, 97, 30, 162, 142, 63].map(
  (code): Paint =>
    (c, t) =>
      c.ansi256(code)(t),
)

/**
 * Gives each prefix label its own colour in the order labels first appear, so the sources on one
 * screen never share a colour until the palette runs out (12 colours, 24 on 256-colour terminals).
 */
export class PrefixColors {
  private readonly assigned = new Map<string, number>()
  private readonly palette: Paint[]

  constructor(private readonly chalk: ChalkInstance) {
    this.palette = chalk.level >= 2 ? [...BASIC, ...EXTENDED] : BASIC
  }

  /** The palette slot of a label, assigning the next one on first sight. */
  indexOf(label: string): number {
    let index = this.assigned.get(label)
    if (index === undefined) {
      index = this.assigned.size % this.palette.length
      this.assigned.set(label, index)
    }
    return index
  }

  /** The text painted in the label's colour. */
  paint(label: string, text: string = label): string {
    return this.palette[this.indexOf(label)]!(this.chalk, text)
  }

  get size(): number {
    return this.assigned.size
  }
}
