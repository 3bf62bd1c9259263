import type { PresenceState } from '@weboard/shared';
import { useEffect, useRef, useState } from 'react';
import type { Person, Presence } from '../collab/presence';

/** A team as the presence list shows it: its name and its ink colour. */
export interface TeamLabel {
  name: string;
  color: string;
}

interface PresencePanelProps {
  self: PresenceState['user'];
  people: readonly Person[];
  onRename(): void;
  /** Client id we follow, or null. */
  following: number | null;
  onFollow(clientId: number | null): void;
  /** Our own team, and the teams: people are listed grouped by team when given. */
  selfTeamId?: string | null;
  teamOf?: (teamId: string | null | undefined) => TeamLabel | null;
}

/** Up to this many people (you included) the list shows in full; more collapse to avatars. */
export const COLLAPSE_AFTER = 8;
/** Avatars shown in the collapsed list besides yours, before "+N". */
const AVATARS_SHOWN = 4;

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters =
    parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : name.slice(0, 2);
  return letters.toUpperCase();
}

interface Group {
  team: TeamLabel | null;
  people: Person[];
}

/** People grouped by team name (people without a team last); within a team, in arrival order. */
function groupByTeam(people: readonly Person[], teamOf: PresencePanelProps['teamOf']): Group[] {
  const groups = new Map<string, Group>();
  for (const peer of people) {
    const team = teamOf?.(peer.teamId) ?? null;
    const key = team?.name ?? '';
    const group = groups.get(key) ?? { team, people: [] };
    group.people.push(peer);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) =>
    a.team === null ? 1 : b.team === null ? -1 : a.team.name.localeCompare(b.team.name),
  );
}

/** A person's round initials in their colour, ringed in their team's colour when they have one. */
function Avatar({ user, team }: { user: PresenceState['user']; team: TeamLabel | null }) {
  return (
    <span
      className={team ? 'avatar avatar-team' : 'avatar'}
      style={{
        background: user.color,
        ...(team ? { boxShadow: `0 0 0 2px #fff, 0 0 0 4px ${team.color}` } : {}),
      }}
    >
      {initials(user.name)}
    </span>
  );
}

/**
 * "Who is here": everyone connected to the board, you first, grouped by team. A room (more than
 * COLLAPSE_AFTER people) collapses to a row of avatars and "+N"; expanding it lists everyone,
 * with a search, in a box of bounded height, so the list never covers most of a small window.
 */
export function PresencePanel(props: PresencePanelProps) {
  const { self, people, onRename, following, onFollow, selfTeamId, teamOf } = props;
  const count = people.length + 1;
  const large = count > COLLAPSE_AFTER;
  const [expanded, setExpanded] = useState(false);
  const [query, setQuery] = useState('');
  const open = !large || expanded;
  const selfTeam = teamOf?.(selfTeamId) ?? null;
  const groups = groupByTeam(people, teamOf);
  const grouped = teamOf !== undefined && groups.some((group) => group.team !== null);

  const header = (
    <header>
      <span>On this board</span>
      <span className="count" data-testid="presence-count">
        {count}
      </span>
      {large && (
        <button
          type="button"
          className="link-button presence-toggle"
          data-testid="presence-toggle"
          aria-expanded={expanded}
          onClick={() => {
            setExpanded(!expanded);
            setQuery('');
          }}
        >
          {expanded ? 'Collapse' : 'Show all'}
        </button>
      )}
    </header>
  );

  if (!open) {
    // The person we follow first, then team by team.
    const ordered = groups.flatMap((group) => group.people);
    const shown = [
      ...ordered.filter((peer) => peer.clientId === following),
      ...ordered.filter((peer) => peer.clientId !== following),
    ].slice(0, AVATARS_SHOWN);
    const more = people.length - shown.length;
    return (
      <section
        className="panel presence-panel presence-collapsed"
        aria-label="People on this board"
        data-testid="presence-panel"
        data-collapsed="true"
      >
        {header}
        <div className="avatar-row">
          <button
            type="button"
            className="avatar-button"
            title={`${self.name} (you)${selfTeam ? ` · ${selfTeam.name}` : ''}: rename`}
            onClick={onRename}
            data-testid="presence-avatar"
            data-self="true"
          >
            <Avatar user={self} team={selfTeam} />
          </button>
          {shown.map((peer) => {
            const team = teamOf?.(peer.teamId) ?? null;
            const followed = following === peer.clientId;
            return (
              <button
                key={peer.clientId}
                type="button"
                className={followed ? 'avatar-button following' : 'avatar-button'}
                title={`${peer.user.name}${team ? ` · ${team.name}` : ''}: ${followed ? 'stop following' : 'follow their view'}`}
                disabled={!peer.sharesViewport && !followed}
                onClick={() => onFollow(followed ? null : peer.clientId)}
                data-testid="presence-avatar"
                data-name={peer.user.name}
              >
                <Avatar user={peer.user} team={team} />
              </button>
            );
          })}
          {more > 0 && (
            <button
              type="button"
              className="avatar-more"
              title={`Show all ${count} people`}
              data-testid="presence-more"
              onClick={() => setExpanded(true)}
            >
              +{more}
            </button>
          )}
        </div>
      </section>
    );
  }

  const needle = query.trim().toLowerCase();
  const matches = (peer: Person, team: TeamLabel | null) =>
    !needle ||
    peer.user.name.toLowerCase().includes(needle) ||
    (team?.name.toLowerCase().includes(needle) ?? false);
  const shownGroups = groups
    .map((group) => ({ ...group, people: group.people.filter((p) => matches(p, group.team)) }))
    .filter((group) => group.people.length > 0);
  return (
    <section
      className="panel presence-panel"
      aria-label="People on this board"
      data-testid="presence-panel"
      data-collapsed="false"
    >
      {header}
      {large && <PresenceSearch query={query} onQuery={setQuery} />}
      <ul>
        <li data-testid="presence-item" data-self="true" data-name={self.name}>
          <Avatar user={self} team={selfTeam} />
          <span className="presence-name">{self.name}</span>
          {selfTeam && <span className="role-tag">{selfTeam.name}</span>}
          <span className="you">you</span>
          <button type="button" className="link-button" onClick={onRename} title="Change your name">
            Rename
          </button>
        </li>
        {shownGroups.map(({ team, people: members }) => [
          grouped && (
            <li
              key={`team:${team?.name ?? ''}`}
              className="presence-team"
              data-testid="presence-team"
            >
              {team && <span className="team-dot" style={{ background: team.color }} />}
              <span className="presence-team-name">{team?.name ?? 'No team'}</span>
              <span className="presence-team-count">{members.length}</span>
            </li>
          ),
          ...members.map((peer) => (
            <li
              key={peer.clientId}
              data-testid="presence-item"
              data-name={peer.user.name}
              data-color={peer.user.color}
              data-team={team?.name ?? ''}
              data-following={following === peer.clientId}
              className={following === peer.clientId ? 'following' : undefined}
            >
              <button
                type="button"
                className="presence-follow"
                title={
                  following === peer.clientId ? 'Stop following' : `Follow ${peer.user.name}'s view`
                }
                data-testid="follow-person"
                disabled={!peer.sharesViewport && following !== peer.clientId}
                onClick={() => onFollow(following === peer.clientId ? null : peer.clientId)}
              >
                <Avatar user={peer.user} team={team} />
                <span className="presence-name">{peer.user.name}</span>
                {peer.user.role === 'viewer' && <span className="role-tag">viewing</span>}
                <span className="follow-tag">
                  {following === peer.clientId ? 'following' : 'follow'}
                </span>
              </button>
            </li>
          )),
        ])}
        {needle && shownGroups.length === 0 && (
          <li className="presence-none">Nobody called “{query.trim()}”</li>
        )}
      </ul>
    </section>
  );
}

function PresenceSearch({ query, onQuery }: { query: string; onQuery(query: string): void }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <input
      ref={input}
      type="search"
      className="presence-search"
      placeholder="Find a person or team"
      aria-label="Find a person or team"
      data-testid="presence-search"
      value={query}
      onChange={(event) => onQuery(event.target.value)}
      onKeyDown={(event) => {
        // Esc clears the search without reaching the board's shortcuts.
        if (event.key === 'Escape' && query) {
          event.stopPropagation();
          onQuery('');
        }
      }}
    />
  );
}

/**
 * The names of the people whose cursor is on the board, as DOM, for assistive technology and
 * tests; the visible cursors are drawn over the canvas (canvas/RemoteCursors). Written only when
 * who has a cursor, or a name, changes: never for a cursor move, which in a room comes 20 times a
 * second per person (a write per tick was the page's busiest function in `pnpm bench:room
 * --profile`). Where a cursor is: `window.weboard.presence()` / `remoteCursors()`.
 */
export function RemoteCursorList({ presence }: { presence: Presence }) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    /** The client ids and names listed, in order. */
    let listed: { clientId: number; name: string }[] = [];
    const unchanged = () => {
      let i = 0;
      for (const peer of presence.remote.get()) {
        if (!peer.cursor) continue;
        const entry = listed[i++];
        if (!entry || entry.clientId !== peer.clientId || entry.name !== peer.user.name)
          return false;
      }
      return i === listed.length;
    };
    const write = () => {
      const element = list.current;
      if (!element || unchanged()) return;
      listed = presence.remote
        .get()
        .filter((peer) => peer.cursor)
        .map((peer) => ({ clientId: peer.clientId, name: peer.user.name }));
      element.replaceChildren(
        ...listed.map(({ clientId, name }) => {
          const item = document.createElement('li');
          item.dataset.testid = 'remote-cursor';
          item.dataset.clientId = String(clientId);
          item.dataset.name = name;
          item.textContent = name;
          return item;
        }),
      );
    };
    write();
    return presence.remote.subscribe(write);
  }, [presence]);
  return <ul ref={list} className="visually-hidden" aria-label="Cursors" />;
}
