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

/** "5 (Payments 3 · Accounts 2)" */
export function tallyText(tally: VoteTally | undefined, teams: Map<string, Team>): string {
  if (!tally || tally.total === 0) return '0';
  const parts = Object.entries(tally.byTeam)
    .sort((a, b) => b[1] - a[1])
    .map(([id, n]) => `${teams.get(id)?.name ?? 'no team'} ${n}`);
  const weighted = tally.weightedTotal !== tally.total ? `, weighted ${tally.weightedTotal}` : '';
  return `${tally.total}${weighted} (${parts.join(' · ')})`;
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
