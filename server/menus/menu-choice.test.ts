import { describe, expect, it } from 'vitest';
import { chooseMenu, type MenuCandidate } from './menu-choice';

const menu = (id: string, placement: MenuCandidate['placement'], priority = 0): MenuCandidate => ({
  id,
  placement,
  priority,
});

describe('which menu a follower sees', () => {
  const menus = [menu('tab', 'TAB'), menu('default', 'DEFAULT'), menu('vip', 'SEGMENT', 2), menu('top', 'SEGMENT', 1)];

  it('takes the first matching segment menu by priority, whatever order they are stored in', () => {
    expect(chooseMenu(menus, () => true)?.id).toBe('top');
    expect(chooseMenu(menus, (m) => m.id === 'vip')?.id).toBe('vip');
    expect(chooseMenu([...menus].reverse(), (m) => m.id !== 'default')?.id).toBe('top');
  });

  it('falls back to the default, never to a tab, and to nothing without a default', () => {
    expect(chooseMenu(menus, () => false)?.id).toBe('default');
    // A tab "matching" is irrelevant: tabs are only reached by switching.
    expect(chooseMenu([menu('tab', 'TAB')], () => true)).toBeNull();
    expect(chooseMenu([menu('vip', 'SEGMENT', 1)], () => false)).toBeNull();
  });

  it('orders equal priorities by id so the answer does not depend on row order', () => {
    const tied = [menu('b', 'SEGMENT', 1), menu('a', 'SEGMENT', 1)];
    expect(chooseMenu(tied, () => true)?.id).toBe('a');
  });
});
