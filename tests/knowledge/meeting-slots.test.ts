import { describe, it, expect } from 'vitest';
import { createMeetingSlots } from '../../src/knowledge/meeting-slots.js';

/** The groups under a slot as a list, whatever form the index keeps them in. */
const listOf = (value: number | readonly number[] | undefined): number[] => (value === undefined ? [] : typeof value === 'number' ? [value] : [...value]);

describe('meeting slots', () => {
  it('lists each slot\'s groups in the order they were filed, a group once when filed twice in a row', () => {
    const slots = createMeetingSlots();
    slots.add('S|lan', '=2024-05', 3);
    expect(slots.get('S|lan', '=2024-05')).toBe(3);
    slots.add('S|lan', '=2024-05', 3);
    slots.add('S|lan', '=2024-05', 1);
    slots.add('S|lan', '=2024-05', 7);
    slots.add('S|lan', '*', 7);
    slots.add('P|lan&sato', '=2024-05', 2);
    expect(listOf(slots.get('S|lan', '=2024-05'))).toEqual([3, 1, 7]);
    expect(listOf(slots.get('S|lan', '*'))).toEqual([7]);
    expect(listOf(slots.get('P|lan&sato', '=2024-05'))).toEqual([2]);
    // Neither another key's tier nor another tier of the key.
    expect(slots.get('S|sato', '=2024-05')).toBeUndefined();
    expect(slots.get('S|lan', '=2024')).toBeUndefined();
  });

  it('holds the same groups in the same order once compacted, and keeps filing and taking out after', () => {
    const slots = createMeetingSlots();
    for (const g of [1, 2, 3, 4]) slots.add('S|lan', '*', g);
    slots.add('S|lan', '=2024', 9);
    slots.compact();
    expect(listOf(slots.get('S|lan', '*'))).toEqual([1, 2, 3, 4]);
    expect(slots.get('S|lan', '=2024')).toBe(9);
    slots.add('S|lan', '*', 5);
    slots.remove('S|lan', '*', 2);
    expect(listOf(slots.get('S|lan', '*'))).toEqual([1, 3, 4, 5]);
  });

  it('takes a group out of one slot only, and forgets a slot and a key left empty', () => {
    const slots = createMeetingSlots();
    for (const g of [4, 5, 6]) slots.add('O|lan', '^2023', g);
    slots.add('O|lan', '*', 5);
    slots.remove('O|lan', '^2023', 5);
    expect(listOf(slots.get('O|lan', '^2023'))).toEqual([4, 6]);
    expect(listOf(slots.get('O|lan', '*'))).toEqual([5]);
    // A group the slot does not hold, or a slot that does not exist: nothing changes.
    slots.remove('O|lan', '^2023', 9);
    slots.remove('O|lan', '=', 4);
    slots.remove('O|sato', '*', 4);
    expect(listOf(slots.get('O|lan', '^2023'))).toEqual([4, 6]);
    slots.remove('O|lan', '*', 9);
    expect(slots.get('O|lan', '*')).toBe(5);
    for (const g of [4, 6]) slots.remove('O|lan', '^2023', g);
    slots.remove('O|lan', '*', 5);
    expect(slots.get('O|lan', '^2023')).toBeUndefined();
    expect(slots.get('O|lan', '*')).toBeUndefined();
    // Filed again after being emptied: a new slot, in order.
    slots.add('O|lan', '^2023', 8);
    slots.add('O|lan', '^2023', 2);
    expect(listOf(slots.get('O|lan', '^2023'))).toEqual([8, 2]);
  });
});
