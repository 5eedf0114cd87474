import { LookAhead } from './filter-reader.js'

describe('LookAhead', () => {
  it('grants room at once while it has some, then to the waiting chain whose page ends first', () => {
    const room = new LookAhead(1)
    const granted: string[] = []
    room.ask(50, () => granted.push('a'))
    room.ask(30, () => granted.push('late'))
    room.ask(10, () => granted.push('early'))
    room.ask(20, () => granted.push('middle'))
    expect(granted).toEqual(['a'])
    room.giveBack()
    expect(granted).toEqual(['a', 'early'])
    room.giveBack()
    room.giveBack()
    expect(granted).toEqual(['a', 'early', 'middle', 'late'])
  })

  it('never grants a withdrawn ask, and keeps room given back with no one waiting', () => {
    const room = new LookAhead(1)
    const granted: string[] = []
    room.ask(1, () => granted.push('a'))
    const withdraw = room.ask(2, () => granted.push('withdrawn'))
    withdraw()
    room.giveBack()
    expect(granted).toEqual(['a'])
    room.ask(3, () => granted.push('b'))
    expect(granted).toEqual(['a', 'b'])
    // Withdrawing a granted ask changes nothing: its room comes back through giveBack.
    const late = room.ask(4, () => granted.push('c'))
    late()
    room.giveBack()
    expect(granted).toEqual(['a', 'b'])
    room.ask(5, () => granted.push('d'))
    expect(granted).toEqual(['a', 'b', 'd'])
  })
})
