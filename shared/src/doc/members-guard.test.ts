import { describe, expect, it } from 'vitest';
import { guardedPair } from './guard-sender.test-helper';
import { membersMap, readMembers, setMember } from './members';
import { MembersCopy } from './members-guard';

/** A server doc where Ada joined team Payments; a client in sync sends as `person`. */
function setup(copy: boolean) {
  const pair = guardedPair(
    (server) => setMember(server, 'ada', { name: 'Ada', teamId: 'payments' }),
    (server) => (copy ? { membersCopy: new MembersCopy(server) } : {}),
  );
  const send = (change: () => void, person: string | null, facilitator = false) =>
    pair.send(change, person, facilitator).members;
  return { ...pair, send };
}

describe.each([false, true])('members guard (kept copy: %s)', (copy) => {
  it('lets each person write their own record only', () => {
    const { server, client, send } = setup(copy);
    expect(
      send(() => setMember(client, 'bob', { name: 'Bob', teamId: 'accounts' }), 'bob'),
    ).toEqual([]);
    const undone = send(() => {
      setMember(client, 'ada', { name: 'Ada', teamId: 'accounts' });
      setMember(client, 'cy', { name: 'Cy', teamId: 'payments' });
      setMember(client, 'eve', { name: 'Eve', teamId: 'payments' });
    }, 'eve');
    expect(undone.sort()).toEqual(['ada', 'cy']);
    expect(readMembers(server)).toEqual({
      ada: { name: 'Ada', teamId: 'payments' },
      bob: { name: 'Bob', teamId: 'accounts' },
      eve: { name: 'Eve', teamId: 'payments' },
    });
    expect(readMembers(client).ada?.teamId).toBe('payments');
  });

  it('lets a connection that names nobody change no member; a facilitator may', () => {
    const { server, client, send } = setup(copy);
    expect(send(() => membersMap(client).delete('ada'), null)).toEqual(['ada']);
    expect(readMembers(server).ada?.teamId).toBe('payments');
    expect(send(() => membersMap(client).delete('ada'), 'fac', true)).toEqual([]);
    expect(membersMap(server).has('ada')).toBe(false);
  });
});
