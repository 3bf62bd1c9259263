import {
  fixConflictMoveDependencyAbove,
  itemTitle,
  moveAfter,
  moveBefore,
  seedRankByScore,
} from '@weboard/shared';
import type { CardItem, ScoringMethod } from '@weboard/shared';
import { Fragment, useMemo, useState } from 'react';
import type { DragEvent } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import * as actions from './actions';
import { useMyBallot } from './ballot';
import { HealthDot, TeamBadge, VoteBreakdown, laneName, sourceLabel, NamedOptions } from './bits';
import { focusBox } from './camera';
import { usePlanning, usePlanningView } from './context';
import { displayScore, formatScore, HEALTH_REASON_TEXT } from './view';
import { BacklogLoad, CutLineMarker } from './BacklogLoad';
import { ResolveConflicts } from './ResolveConflicts';

type SortBy = 'rank' | ScoringMethod;
const ALL = '*';
/** Backlog rows rendered at first, and added per "show more". */
const PAGE = 200;
const NONE = '-';

/** The unified backlog: every team's cards in one ranked order, reorderable by everyone. */
export function BacklogPanel({ onImport }: { onImport(): void }) {
  const editor = useEditor();
  const planning = usePlanning();
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  const [team, setTeam] = useState(ALL);
  const [lane, setLane] = useState(ALL);
  const [source, setSource] = useState(ALL);
  const ballot = useMyBallot(planning, state.session, editor.canEdit);
  // A board can hold thousands of cards; the list grows on demand so that every change to the
  // board (each chunk of a large import, each remote edit) re-renders a page, not all of them.
  const [shown, setShown] = useState(PAGE);
  const [sortBy, setSortBy] = useState<SortBy>('rank');
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropAt, setDropAt] = useState<{ id: string; after: boolean } | null>(null);
  const [showCuts, setShowCuts] = useState(true);
  // Cut lines by the first card of each team that no longer fits (shown above it).
  const cutsAbove = useMemo(() => {
    const above = new Map<string, string[]>();
    for (const line of view.cutLines.values())
      if (line.firstOver)
        above.set(line.firstOver, [...(above.get(line.firstOver) ?? []), line.teamId]);
    return above;
  }, [view.cutLines]);

  const sources = useMemo(
    () => [...new Set(view.backlog.map((c) => sourceLabel(c, view.teams)))].sort(),
    [view.backlog, view.teams],
  );
  const rankOf = useMemo(() => new Map(view.backlog.map((c, i) => [c.id, i + 1])), [view.backlog]);

  const rows = useMemo(() => {
    const match = (value: string | undefined, filter: string) =>
      filter === ALL || (filter === NONE ? !value : value === filter);
    const filtered = view.backlog.filter(
      (c) =>
        match(c.teamId, team) &&
        match(c.laneId, lane) &&
        (source === ALL || sourceLabel(c, view.teams) === source),
    );
    if (sortBy === 'rank') return filtered;
    return [...filtered].sort(
      (a, b) =>
        (displayScore(b, sortBy)?.value ?? -Infinity) -
        (displayScore(a, sortBy)?.value ?? -Infinity),
    );
  }, [view.backlog, view.teams, team, lane, source, sortBy]);

  const setRank = (id: string, rank: string | null) => {
    if (rank) actions.setRanks(editor, { [id]: rank });
  };
  const move = (id: string, targetId: string, after: boolean) => {
    if (id === targetId || !editor.canEdit) return;
    setRank(
      id,
      after ? moveAfter(view.backlog, id, targetId) : moveBefore(view.backlog, id, targetId),
    );
  };
  const step = (card: CardItem, delta: -1 | 1) => {
    const index = rows.findIndex((r) => r.id === card.id);
    const neighbour = rows[index + delta];
    if (neighbour) move(card.id, neighbour.id, delta === 1);
  };
  const seed = (method: ScoringMethod) => {
    const ranks = seedRankByScore(view.backlog, (c) => displayScore(c, method)?.value);
    actions.setRanks(editor, ranks);
  };

  const onDragOver = (event: DragEvent<HTMLLIElement>, id: string) => {
    if (!dragging || sortBy !== 'rank') return;
    event.preventDefault();
    const rect = event.currentTarget.getBoundingClientRect();
    setDropAt({ id, after: event.clientY > rect.top + rect.height / 2 });
  };
  const onDrop = (event: DragEvent<HTMLLIElement>) => {
    event.preventDefault();
    if (dragging && dropAt) move(dragging, dropAt.id, dropAt.after);
    setDragging(null);
    setDropAt(null);
  };

  const canReorder = editor.canEdit && sortBy === 'rank';

  return (
    <div className="planning-section" data-testid="backlog-panel">
      <div className="planning-filters">
        <select
          aria-label="Filter by team"
          data-testid="backlog-filter-team"
          value={team}
          onChange={(e) => setTeam(e.target.value)}
        >
          <option value={ALL}>All teams</option>
          <NamedOptions of={state.teams} />
          <option value={NONE}>No team</option>
        </select>
        <select
          aria-label="Filter by lane"
          data-testid="backlog-filter-lane"
          value={lane}
          onChange={(e) => setLane(e.target.value)}
        >
          <option value={ALL}>All lanes</option>
          <NamedOptions of={state.lanes} />
          <option value={NONE}>No lane</option>
        </select>
        <select
          aria-label="Filter by source"
          data-testid="backlog-filter-source"
          value={source}
          onChange={(e) => setSource(e.target.value)}
        >
          <option value={ALL}>All sources</option>
          {sources.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select
          aria-label="Sort"
          data-testid="backlog-sort"
          value={sortBy}
          onChange={(e) => setSortBy(e.target.value as SortBy)}
        >
          <option value="rank">By rank</option>
          <option value="wsjf">By WSJF</option>
          <option value="rice">By RICE</option>
        </select>
      </div>
      <div className="planning-actions">
        {editor.canEdit && sortBy !== 'rank' && (
          <button
            type="button"
            className="button button-small"
            data-testid="seed-rank"
            onClick={() => seed(sortBy)}
          >
            Rank by {sortBy.toUpperCase()}
          </button>
        )}
        {editor.canEdit && (
          <button
            type="button"
            className="button button-small"
            data-testid="open-import"
            onClick={onImport}
          >
            Import…
          </button>
        )}
        <a
          className="button button-small"
          data-testid="export-csv"
          href={`/api/boards/${encodeURIComponent(planning.boardId)}/export?format=csv&token=${encodeURIComponent(planning.token)}`}
          download
        >
          Export CSV
        </a>
        {view.cutLines.size > 0 && (
          <label className="checkbox small">
            <input
              type="checkbox"
              data-testid="backlog-cut-lines"
              checked={showCuts}
              onChange={(e) => setShowCuts(e.target.checked)}
            />
            Cut lines
          </label>
        )}
        <span className="muted small">{rows.length} items</span>
      </div>
      <BacklogLoad view={view} state={state} />
      <ResolveConflicts view={view} />
      {view.backlog.length === 0 && (
        <p className="muted small planning-empty">
          Add sticky notes to the board or import a CSV: every note is a backlog item.
        </p>
      )}
      <ol className="backlog-list" onDragLeave={() => setDropAt(null)}>
        {rows.slice(0, shown).map((card) => {
          const teamRecord = card.teamId ? view.teams.get(card.teamId) : undefined;
          const score = displayScore(card, sortBy === 'rank' ? 'auto' : sortBy);
          const health = view.healthOf.get(card.id);
          const conflicts = view.conflictsOf.get(card.id) ?? [];
          const deps = view.dependencies.filter((d) => d.dependent.id === card.id);
          const tally = view.tallies[card.id];
          const mine = ballot?.votes[card.id] ?? 0;
          const cuts = showCuts && sortBy === 'rank' ? (cutsAbove.get(card.id) ?? []) : [];
          return (
            <Fragment key={card.id}>
              {cuts.map((teamId) => {
                const cutTeam = view.teams.get(teamId);
                const line = view.cutLines.get(teamId)!;
                return cutTeam && (team === ALL || team === teamId) ? (
                  <CutLineMarker
                    key={teamId}
                    team={cutTeam}
                    capacity={line.capacity}
                    overflow={line.overflow}
                  />
                ) : null;
              })}
              <li
                data-testid="backlog-row"
                data-item-id={card.id}
                data-conflict={conflicts.length > 0 ? 'true' : 'false'}
                className={[
                  'backlog-row',
                  dropAt?.id === card.id ? (dropAt.after ? 'drop-after' : 'drop-before') : '',
                  dragging === card.id ? 'dragging' : '',
                ].join(' ')}
                draggable={canReorder}
                onDragStart={(e) => {
                  e.dataTransfer.effectAllowed = 'move';
                  e.dataTransfer.setData('text/plain', card.id);
                  setDragging(card.id);
                }}
                onDragEnd={() => {
                  setDragging(null);
                  setDropAt(null);
                }}
                onDragOver={(e) => onDragOver(e, card.id)}
                onDrop={onDrop}
              >
                <button
                  type="button"
                  className="backlog-main"
                  data-testid="backlog-focus"
                  onClick={() => focusBox(editor, card, card.id)}
                  title="Show on the board"
                >
                  <span className="backlog-rank">{card.rank ? rankOf.get(card.id) : '–'}</span>
                  {card.sourceKey && (
                    <span className="source-key" data-testid="backlog-key">
                      {card.sourceKey}
                    </span>
                  )}
                  <span className="backlog-title" data-testid="backlog-title">
                    {itemTitle(card)}
                  </span>
                </button>
                <div className="backlog-meta">
                  <TeamBadge team={teamRecord} />
                  <span className="lane-chip">{laneName(state.lanes, card.laneId)}</span>
                  {score && (
                    <span
                      className="score-chip"
                      data-testid="backlog-score"
                      title={score.method.toUpperCase()}
                    >
                      {score.method.toUpperCase()} {formatScore(score.value)}
                    </span>
                  )}
                  {state.session.state === 'revealed' && (
                    <VoteBreakdown
                      tally={tally}
                      teams={view.teams}
                      weights={state.session.teamWeights}
                      testId="backlog-votes"
                    />
                  )}
                  {state.session.state === 'running' && mine > 0 && (
                    <span className="votes-chip mine" title="Your votes (hidden from others)">
                      ● {mine} yours
                    </span>
                  )}
                  {health && (
                    <HealthDot
                      health={health}
                      title={deps
                        .map((d) => `${itemTitle(d.dependency)}: ${HEALTH_REASON_TEXT[d.reason]}`)
                        .join('\n')}
                    />
                  )}
                  {view.inCycle.has(card.id) && (
                    <span
                      className="warning-chip"
                      data-testid="cycle-warning"
                      title="Part of a dependency cycle"
                    >
                      ⟳ cycle
                    </span>
                  )}
                  {canReorder && (
                    <span className="backlog-steps">
                      <button
                        type="button"
                        className="icon-button tiny"
                        aria-label="Move up"
                        data-testid="move-up"
                        onClick={() => step(card, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="icon-button tiny"
                        aria-label="Move down"
                        data-testid="move-down"
                        onClick={() => step(card, 1)}
                      >
                        ↓
                      </button>
                    </span>
                  )}
                </div>
                {conflicts.map((conflict) => {
                  const dependency = view.byId.get(conflict.dependencyId);
                  return (
                    <div key={conflict.edgeId} className="conflict" data-testid="rank-conflict">
                      <span>
                        ⚠ Ranked above{' '}
                        <strong>{dependency ? itemTitle(dependency) : 'a dependency'}</strong>,
                        which it depends on
                      </span>
                      {editor.canEdit && (
                        <button
                          type="button"
                          className="button button-small"
                          data-testid="fix-conflict"
                          onClick={() =>
                            setRank(
                              conflict.dependencyId,
                              fixConflictMoveDependencyAbove(view.backlog, conflict),
                            )
                          }
                        >
                          Move dependency above
                        </button>
                      )}
                    </div>
                  );
                })}
              </li>
            </Fragment>
          );
        })}
      </ol>
      {rows.length > shown && (
        <button
          type="button"
          className="button button-small show-more"
          data-testid="backlog-show-more"
          onClick={() => setShown(shown + PAGE)}
        >
          Show {Math.min(PAGE, rows.length - shown)} more of {rows.length - shown}
        </button>
      )}
    </div>
  );
}
