import { z } from 'zod';
import { indexKeyValidator } from './index-key';

const finite = z.number().finite();
const nonNegative = finite.nonnegative();
/** Ids of teams, lanes and items share the item id limits. */
const recordId = z.string().min(1).max(64);

/**
 * Weighted Shortest Job First inputs (SAFe). Each is a relative estimate on a Fibonacci-like
 * scale 1, 2, 3, 5, 8, 13, 20; WSJF = (businessValue + timeCriticality + riskReduction) / jobSize.
 */
export const wsjfValidator = z.object({
  /** Value to users or the business, relative to the other items. */
  businessValue: nonNegative,
  /** How much the value decays when the item is delivered later. */
  timeCriticality: nonNegative,
  /** Risk reduction and/or opportunity enablement ("RR|OE"). */
  riskReduction: nonNegative,
  /** Relative size of the work; the divisor, so 0 means "not estimated" (no score). */
  jobSize: nonNegative,
});
export type Wsjf = z.infer<typeof wsjfValidator>;

/** RICE inputs; RICE = reach × impact × confidence / effort. */
export const riceValidator = z.object({
  /** People or events affected per period (e.g. users per quarter). */
  reach: nonNegative,
  /** Impact per person on the usual scale 0.25 (minimal), 0.5, 1, 2, 3 (massive). */
  impact: nonNegative,
  /**
   * How sure we are of the other numbers: a fraction 0..1, or a percentage 0..100. Values above 1
   * are read as percentages, so 1 means 100% and 80 means 80%.
   */
  confidence: finite.min(0).max(100),
  /** Person-months (or any consistent unit) of work; the divisor, so 0 means no score. */
  effort: nonNegative,
});
export type Rice = z.infer<typeof riceValidator>;

export const ITEM_SOURCE_KINDS = ['csv', 'board', 'manual'] as const;
export type ItemSourceKind = (typeof ITEM_SOURCE_KINDS)[number];

/** Where a backlog item came from, so an import can be traced (and re-imported) later. */
export const itemSourceValidator = z.object({
  /** `csv`: imported from a file; `board`: copied from another board; `manual`: typed here. */
  kind: z.enum(ITEM_SOURCE_KINDS),
  /** The file name, board title or author the item came from. */
  name: z.string().max(200),
  /** The team the material was brought in for ("the Payments backlog"), when one was chosen. */
  teamId: recordId.optional(),
  /** What the source called the item's kind (Story, Bug, Epic, Product Backlog Item…). */
  type: z.string().max(100).optional(),
  /** Its workflow state in the source (To Do, In Progress, Active…). */
  status: z.string().max(100).optional(),
  /** Its priority in the source (High, 2…). */
  priority: z.string().max(100).optional(),
  /** The key of its parent or epic in the source. */
  parent: z.string().max(64).optional(),
});
export type ItemSource = z.infer<typeof itemSourceValidator>;

/**
 * Planning fields that any card-like item (sticky, shape, text) may carry. All are optional so a
 * plain drawing stays plain; spread this shape into an item validator to make the item plannable.
 */
export const planningFieldsShape = {
  /** Id of the team (in the board's teams map) that owns the item. */
  teamId: recordId.optional(),
  /** Id of the lane (Now / Next / Later, an iteration, …) the item is planned into. */
  laneId: recordId.optional(),
  /**
   * Backlog rank as a fractional-index key: lower keys come first (higher priority). Absent means
   * unranked; unranked items sort after every ranked one.
   */
  rank: indexKeyValidator.optional(),
  /**
   * The card's place in its own team's order (fractional-index key), as the team brought its
   * backlog in; kept apart from `rank`, the program's order, so the two can be compared.
   */
  teamRank: indexKeyValidator.optional(),
  /** Size estimate in the team's unit (usually story points). */
  estimate: nonNegative.optional(),
  /** WSJF inputs, when the item has been scored that way. */
  wsjf: wsjfValidator.optional(),
  /** RICE inputs, when the item has been scored that way. */
  rice: riceValidator.optional(),
  /** Provenance of the item. */
  source: itemSourceValidator.optional(),
  /**
   * The source's own key for the item (`PAY-123`, an Azure DevOps ID): shown on the card, exported,
   * and how a re-import of the same file finds the card to update instead of adding a copy.
   */
  sourceKey: z.string().trim().min(1).max(64).optional(),
  /** Labels or tags from the source (Jira labels, Azure DevOps tags). */
  labels: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
  /** A locked item cannot be moved or edited except by a facilitator. */
  locked: z.boolean().optional(),
};

export const planningFieldsValidator = z.object(planningFieldsShape);
/** The planning fields of an item, all optional. */
export type PlanningFields = z.infer<typeof planningFieldsValidator>;
