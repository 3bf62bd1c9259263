import { PALETTE } from '@weboard/shared';
import type { CardItem, ConnectorItem } from '@weboard/shared';
import { useItemLook, usePlacedNode, useStoreValue } from '../canvas/items/use-item';
import { useEditor } from '../editor/editor-context';
import { Group, Rect, Text } from 'react-konva';
import { FONT_FAMILY, TEAM_BAND } from '../canvas/theme';
import { memo, useCallback, useMemo } from 'react';
import type { ReactNode } from 'react';
import { ConnectorStyleContext, defaultConnectorStyle } from '../canvas/items/connector-style';
import { createStore, useStore } from '../lib/store';
import type { Store } from '../lib/store';
import { useMyBallot } from './ballot';
import { MilestoneMarkers } from './MilestoneMarkers';
import { CellLoadLabels } from './CellLoadLabels';
import { TEAM_INK, formatWeight, teamWeight, teamsByVotes } from './bits';
import { useOptionalPlanning, usePlanningView } from './context';
import type { Planning, PlanningState } from './planning';
import type { TeamLabel } from '../ui/PresencePanel';

const EMPTY_STATE = createStore<PlanningState | null>(null);
import { displayScore, formatScore, HEALTH_COLOR } from './view';
import type { PlanningView } from './view';

/** The band of a card with a source key but no team. */
const NO_TEAM_INK = '#4b5563';
const NO_TEAM_NAME = () => null;

/** A lookup from team id to team name, for cursor labels (no names outside a board). */
export function useTeamName(): (teamId: string | null | undefined) => string | null {
  const planning = useOptionalPlanning();
  // Only `get`/`subscribe` are used, which read the same either way.
  const store = (planning?.state ?? EMPTY_STATE) as Store<PlanningState | null>;
  const state = useStore(store);
  return useMemo(() => {
    if (!planning || !state) return NO_TEAM_NAME;
    const names = new Map(state.teams.map((t) => [t.id, t.name]));
    return (teamId: string | null | undefined) => (teamId ? (names.get(teamId) ?? null) : null);
  }, [planning, state]);
}

/** A lookup from team id to the team's name and ink colour, for the presence list's avatars. */
export function useTeamLabel(): (teamId: string | null | undefined) => TeamLabel | null {
  const planning = useOptionalPlanning();
  const store = (planning?.state ?? EMPTY_STATE) as Store<PlanningState | null>;
  const state = useStore(store);
  return useMemo(() => {
    if (!planning || !state) return NO_TEAM_NAME;
    const labels = new Map(
      state.teams.map((t) => [t.id, { name: t.name, color: TEAM_INK[t.color] }] as const),
    );
    return (teamId: string | null | undefined) => (teamId ? (labels.get(teamId) ?? null) : null);
  }, [planning, state]);
}

/**
 * Paints depends-on connectors (dashed by the canvas) in their health colour: red, amber, green.
 * Wraps the canvas; other connectors keep their own style.
 */
export function PlanningConnectorStyle({ children }: { children: ReactNode }) {
  const planning = useOptionalPlanning();
  if (!planning) return <>{children}</>;
  return <HealthStyle planning={planning}>{children}</HealthStyle>;
}

function HealthStyle({ planning, children }: { planning: Planning; children: ReactNode }) {
  const view = usePlanningView(planning);
  const healths = useMemo(
    () => new Map(view.dependencies.map((d) => [d.edge.id, d.health])),
    [view.dependencies],
  );
  const styler = useCallback(
    (connector: ConnectorItem) => {
      const style = defaultConnectorStyle(connector);
      const health = connector.kind === 'depends-on' ? healths.get(connector.id) : undefined;
      return health
        ? {
            ...style,
            stroke: HEALTH_COLOR[health],
            labelColor: HEALTH_COLOR[health],
            strokeWidth: Math.max(3, style.strokeWidth),
          }
        : style;
    },
    [healths],
  );
  return <ConnectorStyleContext.Provider value={styler}>{children}</ConnectorStyleContext.Provider>;
}

/**
 * What planning draws over the cards: each card's team band and badge, its score and votes, and
 * its warnings. Drawn on the items' own layer, right above them (one canvas less for the browser to
 * composite each frame), and it does not listen to the pointer, so it never gets in the way. Only the cards being drawn (`ids`, the canvas' culled list) are decorated, and
 * each decoration follows its own card, so a remote drag re-renders one decoration.
 */
export function PlanningLayer({ ids }: { ids: readonly string[] }) {
  const planning = useOptionalPlanning();
  if (!planning) return null;
  return <PlanningShapes planning={planning} ids={ids} />;
}

function PlanningShapes({ planning, ids }: { planning: Planning; ids: readonly string[] }) {
  const view = usePlanningView(planning);
  const state = useStore(planning.state);
  const editor = useEditor();
  const scale = useStoreValue(editor.viewport, (v) => v.scale);
  // Our own votes in a hidden vote come from the server; the document has none before the reveal.
  const ballot = useMyBallot(planning, state.session, editor.canEdit);
  const inverse = 1 / scale;
  const revealed = state.session.state === 'revealed';
  const running = state.session.state === 'running';

  return (
    <Group name="planning-decorations" listening={false}>
      <MilestoneMarkers planning={planning} />
      <CellLoadLabels editor={editor} ids={ids} view={view} state={state} />
      {ids.map((id) => {
        const card = view.byId.get(id);
        if (!card) return null;
        return (
          <CardDecoration
            key={id}
            card={card}
            view={view}
            inverse={inverse}
            revealed={revealed}
            running={running}
            mine={ballot?.votes[id] ?? 0}
            weights={state.session.teamWeights}
          />
        );
      })}
    </Group>
  );
}

interface DecorationProps {
  /** The card as planning last derived it; where it is comes from the items store. */
  card: CardItem;
  view: PlanningView;
  inverse: number;
  revealed: boolean;
  running: boolean;
  /** Our own votes on the card in the running vote. */
  mine: number;
  /** The vote's team weights, shown beside each team's votes after the reveal. */
  weights: Readonly<Record<string, number>>;
}

const CardDecoration = memo(function CardDecoration({
  card: derived,
  view,
  inverse,
  revealed,
  running,
  mine,
  weights,
}: DecorationProps) {
  const editor = useEditor();
  // It follows its card as the card's node does: a move re-renders neither.
  const live = useItemLook(editor.items, derived.id);
  const nodeRef = usePlacedNode(editor.items, derived.id);
  const card = {
    ...derived,
    ...(live ? { x: live.x, y: live.y, w: live.w, h: live.h, rotation: live.rotation } : {}),
  };
  const team = card.teamId ? view.teams.get(card.teamId) : undefined;
  const score = displayScore(card);
  const tally = view.tallies[card.id];
  const warning = view.inCycle.has(card.id)
    ? '⟳ cycle'
    : view.conflictsOf.has(card.id)
      ? '⚠ rank conflict'
      : null;
  const badges: string[] = [];
  if (score) badges.push(`${score.method.toUpperCase()} ${formatScore(score.value)}`);
  if (revealed && tally && tally.total > 0)
    badges.push(
      tally.weightedTotal !== tally.total
        ? `● ${tally.total} · ${formatWeight(tally.weightedTotal)} weighted`
        : `● ${tally.total}`,
    );
  if (running && mine > 0) badges.push(`● ${mine} (you)`);
  return (
    // `cardId` tells a partial redraw of the layer which card this decoration belongs to.
    <Group ref={nodeRef} x={card.x} y={card.y} rotation={card.rotation} cardId={card.id}>
      {(team || card.sourceKey) && (
        // The band across the card's top, which the card's text starts below (see StickyNode):
        // the team's name on the left and the source's own key (PAY-123) on the right, so people
        // can talk about the card as their tracker does. Never over the text, white on ink.
        <>
          <Rect
            width={card.w}
            height={TEAM_BAND}
            fill={team ? TEAM_INK[team.color] : NO_TEAM_INK}
            cornerRadius={[6, 6, 0, 0]}
          />
          {team && (
            <Text
              x={8}
              y={(TEAM_BAND - 14) / 2}
              text={team.name}
              fontFamily={FONT_FAMILY}
              fontSize={14}
              fontStyle="bold"
              fill="#ffffff"
              width={card.sourceKey ? card.w * 0.6 - 12 : card.w - 16}
              wrap="none"
              ellipsis
            />
          )}
          {card.sourceKey && (
            <Text
              x={team ? card.w * 0.6 : 8}
              y={(TEAM_BAND - 13) / 2}
              text={card.sourceKey}
              fontFamily={FONT_FAMILY}
              fontSize={13}
              fill="#ffffff"
              width={team ? card.w * 0.4 - 8 : card.w - 16}
              align={team ? 'right' : 'left'}
              wrap="none"
              ellipsis
              name="card-source-key"
            />
          )}
        </>
      )}
      {badges.length > 0 && (
        <Group y={card.h + 4}>
          <Rect
            width={Math.min(card.w, 12 + badges.join('  ').length * 6.6)}
            height={20}
            cornerRadius={10}
            fill="#1f2937"
            opacity={0.85}
          />
          <Text
            x={6}
            y={4}
            text={badges.join('  ')}
            fontFamily={FONT_FAMILY}
            fontSize={11}
            fill="#fff"
            width={card.w - 12}
            wrap="none"
            ellipsis
          />
        </Group>
      )}
      {revealed && tally && tally.total > 0 && (
        <Text
          x={0}
          y={card.h + 28}
          width={card.w}
          text={teamsByVotes(tally)
            .map(
              ([id, n]) =>
                `${view.teams.get(id)?.name ?? 'no team'} ${n} ×${formatWeight(teamWeight(weights, id))}`,
            )
            .join(' · ')}
          fontFamily={FONT_FAMILY}
          fontSize={11}
          fill="#374151"
          wrap="none"
          ellipsis
        />
      )}
      {warning && (
        <Group x={card.w - 4} y={-10 * inverse}>
          <Rect
            x={-110}
            width={110}
            height={20}
            cornerRadius={10}
            fill={PALETTE.red}
            stroke={HEALTH_COLOR.red}
            strokeWidth={1}
          />
          <Text
            x={-104}
            y={4}
            text={warning}
            fontFamily={FONT_FAMILY}
            fontSize={11}
            fill="#7f1d1d"
            fontStyle="bold"
          />
        </Group>
      )}
    </Group>
  );
});
