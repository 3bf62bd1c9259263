import type * as Y from 'yjs';
import { BOARD_TEMPLATES } from '../planning/templates';
import type { TemplateId } from '../planning/templates';
import type { Team } from '../schema/team';
import { addItem, newItemId, topZ } from './board-doc';
import { addLane, ensureLanes, lanesMap, readLanes, setTeam } from './planning-doc';

/**
 * Fills a new board from a template: its teams, its lanes (the defaults for templates without
 * lanes) and its frames and labels above everything already there.
 */
export function applyTemplate(
  doc: Y.Doc,
  templateId: TemplateId,
  teams: readonly Team[],
  options: { createdBy?: string; now?: number } = {},
  origin?: unknown,
): void {
  const template = BOARD_TEMPLATES.find((t) => t.id === templateId);
  if (!template) throw new RangeError(`unknown template ${templateId}`);
  const built = template.build(teams, { ...options, newId: newItemId, zAbove: topZ(doc) });
  doc.transact(() => {
    for (const team of teams) setTeam(doc, team, origin);
    if (built.lanes.length > 0 && lanesMap(doc).size === 0) ensureLanes(doc, built.lanes, origin);
    else if (built.lanes.length > 0) {
      const known = new Set(readLanes(doc).map((l) => l.id));
      for (const lane of built.lanes)
        if (!known.has(lane.id)) addLane(doc, { id: lane.id, name: lane.name }, null, origin);
    } else ensureLanes(doc, undefined, origin);
    for (const item of built.items) addItem(doc, item, origin);
  }, origin);
}
