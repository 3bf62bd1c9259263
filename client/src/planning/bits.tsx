import { PALETTE } from '@weboard/shared';
import type { CardItem, DependencyHealth, Team, VoteTally } from '@weboard/shared';
import { HEALTH_COLOR } from './view';

/** Team colours on cards and badges: the palette's pastel is too light for a band, so darken it. */
export const TEAM_INK: Record<keyof typeof PALETTE, string> = {
  yellow: '#ca8a04',
  orange: '#ea580c',
  red: '#dc2626',
  pink: '#db2777',
  violet: '#7c3aed',
  blue: '#2563eb',
  teal: '#0d9488',
  green: '#16a34a',
  gray: '#4b5563',
  white: '#94a3b8',
};

export function TeamBadge({ team }: { team: Team | undefined }) {
  if (!team) return <span className="team-badge team-badge-none">No team</span>;
  return (
    <span
      className="team-badge"
      data-testid="team-badge"
      style={{ background: PALETTE[team.color], borderColor: TEAM_INK[team.color] }}
    >
      {team.name}
    </span>
  );
}

export function HealthDot({ health, title }: { health: DependencyHealth; title?: string }) {
  return (
    <span
      className="health-dot"
      data-health={health}
      title={title ?? health}
      style={{ background: HEALTH_COLOR[health] }}
    />
  );
}

/** The weight the tally used for a team: its own when set (a finite number), else 1. */
export function teamWeight(weights: Readonly<Record<string, number>>, teamId: string): number {
  const weight = Object.hasOwn(weights, teamId) ? weights[teamId] : undefined;
  return typeof weight === 'number' && Number.isFinite(weight) ? weight : 1;
}

/** 2, 0.5, 1.25: a weight or weighted total without trailing zeros. */
export function formatWeight(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** An item's teams by votes, most first: [teamId, votes]. */
export function teamsByVotes(tally: VoteTally): [string, number][] {
  return Object.entries(tally.byTeam).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/** "5, weighted 8 (Payments 3 ×2 · Accounts 2 ×1)", for the canvas and titles. */
export function tallyText(
  tally: VoteTally | undefined,
  teams: Map<string, Team>,
  weights: Readonly<Record<string, number>> = {},
): string {
  if (!tally || tally.total === 0) return '0';
  const parts = teamsByVotes(tally).map(
    ([id, n]) =>
      `${teams.get(id)?.name ?? 'no team'} ${n} ×${formatWeight(teamWeight(weights, id))}`,
  );
  const weighted =
    tally.weightedTotal !== tally.total ? `, weighted ${formatWeight(tally.weightedTotal)}` : '';
  return `${tally.total}${weighted} (${parts.join(' · ')})`;
}

/**
 * Revealed votes of one item: the total (and the weighted total when weights change it), then one
 * chip per team with its votes and its weight.
 */
export function VoteBreakdown({
  tally,
  teams,
  weights,
  testId,
}: {
  tally: VoteTally | undefined;
  teams: Map<string, Team>;
  weights: Readonly<Record<string, number>>;
  testId?: string;
}) {
  const total = tally?.total ?? 0;
  const weighted = tally?.weightedTotal ?? 0;
  return (
    <span className="vote-breakdown" data-testid={testId} title={tallyText(tally, teams, weights)}>
      <span className="votes-chip" data-testid="vote-total">
        ● {total}
        {weighted !== total && <> · {formatWeight(weighted)} weighted</>}
      </span>
      {tally &&
        teamsByVotes(tally).map(([id, n]) => {
          const team = teams.get(id);
          return (
            <span
              key={id}
              className="vote-team"
              data-testid="vote-team"
              data-team-id={id}
              style={
                team ? { background: PALETTE[team.color], borderColor: TEAM_INK[team.color] } : {}
              }
            >
              {team?.name ?? 'no team'} {n}
              <span className="vote-weight">×{formatWeight(teamWeight(weights, id))}</span>
            </span>
          );
        })}
    </span>
  );
}

export function laneName(lanes: { id: string; name: string }[], id: string | undefined): string {
  if (!id) return '—';
  return lanes.find((l) => l.id === id)?.name ?? '—';
}

/** Where a card came from, as the backlog's source filter lists it: "board: Q3 refinement (Payments)". */
export function sourceLabel(item: CardItem, teams?: Map<string, Team>): string {
  if (!item.source) return 'manual';
  const team = item.source.teamId ? teams?.get(item.source.teamId)?.name : undefined;
  return `${item.source.kind}: ${item.source.name}${team ? ` (${team})` : ''}`;
}

/** One `<option>` per named thing (teams, lanes), its id as the value. */
export function NamedOptions({ of }: { of: readonly { id: string; name: string }[] }) {
  return (
    <>
      {of.map((named) => (
        <option key={named.id} value={named.id}>
          {named.name}
        </option>
      ))}
    </>
  );
}
