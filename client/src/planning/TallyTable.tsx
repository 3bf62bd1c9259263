import type { Team, VoteTally } from '@weboard/shared';
import { formatWeight, tallyText, teamWeight, teamsByVotes } from './bits';

/**
 * A card's revealed votes per team: votes, the team's weight (the facilitator edits it here) and
 * what they count for, with the totals below.
 */
export function TallyTable(props: {
  tally: VoteTally | undefined;
  teams: Map<string, Team>;
  weights: Readonly<Record<string, number>>;
  editable: boolean;
  onWeight(teamId: string, weight: number): void;
}) {
  const { tally, teams, weights } = props;
  return (
    <section data-testid="item-tally" title={tallyText(tally, teams, weights)}>
      <h4>Votes</h4>
      {!tally || tally.total === 0 ? (
        <p className="muted small">No votes.</p>
      ) : (
        <table className="tally-table">
          <thead>
            <tr>
              <th>Team</th>
              <th className="number">Votes</th>
              <th className="number">Weight</th>
              <th className="number">Counts</th>
            </tr>
          </thead>
          <tbody>
            {teamsByVotes(tally).map(([id, n]) => {
              const weight = teamWeight(weights, id);
              return (
                <tr key={id} data-testid="tally-row" data-team-id={id}>
                  <td>{teams.get(id)?.name ?? 'No team'}</td>
                  <td className="number">{n}</td>
                  <td className="number">
                    {props.editable && teams.has(id) ? (
                      <input
                        type="number"
                        min={0}
                        max={10}
                        step={0.5}
                        aria-label={`Weight of ${teams.get(id)!.name}`}
                        data-testid="tally-weight"
                        value={weight}
                        onChange={(e) => {
                          const next = Number(e.target.value);
                          if (e.target.value !== '' && Number.isFinite(next) && next >= 0)
                            props.onWeight(id, next);
                        }}
                      />
                    ) : (
                      `×${formatWeight(weight)}`
                    )}
                  </td>
                  <td className="number">{formatWeight(n * weight)}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td>Total</td>
              <td className="number" data-testid="tally-total">
                {tally.total}
              </td>
              <td />
              <td className="number" data-testid="tally-weighted">
                {formatWeight(tally.weightedTotal)}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
