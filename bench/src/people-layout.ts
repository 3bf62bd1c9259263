/*
 * Where bench:people's people sit and look: teams side by side on the board, each person's
 * viewport on their team's area, and the pointer path and presence state each one shares.
 */

/** People per team; teams sit side by side on the board, each person looking at their team. */
const TEAM_SIZE = 7;
const TEAM_W = 2400;
const TEAM_H = 1500;
const VIEW_W = 1600;
const VIEW_H = 1000;
const COLORS = ['#e07a5f', '#3d405b', '#81b29a', '#f2cc8f', '#6d597a', '#355070', '#b56576'];

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Each person's team and viewport, deterministic for a given number of people. */
export function layout(n: number): { team: number; viewport: Box }[] {
  const teams = Math.max(1, Math.ceil(n / TEAM_SIZE));
  const cols = Math.ceil(Math.sqrt(teams));
  return Array.from({ length: n }, (_, i) => {
    const team = i % teams;
    const ax = (team % cols) * TEAM_W;
    const ay = Math.floor(team / cols) * TEAM_H;
    // Each person looks at their team's area, a little off its centre (deterministic jitter).
    const jx = ((i * 7919) % 400) - 200;
    const jy = ((i * 104729) % 300) - 150;
    return {
      team,
      viewport: {
        x: ax + (TEAM_W - VIEW_W) / 2 + jx,
        y: ay + (TEAM_H - VIEW_H) / 2 + jy,
        w: VIEW_W,
        h: VIEW_H,
      },
    };
  });
}

/** Whether a board point lies in a viewport. */
export const inside = (v: Box, x: number, y: number): boolean =>
  x >= v.x && x <= v.x + v.w && y >= v.y && y <= v.y + v.h;

/** Where person `index`'s pointer is at `step`: a slow loop inside their own viewport. */
export function cursorOf(index: number, v: Box, step: number): { x: number; y: number } {
  const a = step / 15 + index;
  return {
    x: v.x + v.w / 2 + (v.w / 2 - 40) * Math.cos(a),
    y: v.y + v.h / 2 + (v.h / 2 - 40) * Math.sin(a * 1.3),
  };
}

/** The state a person shares, ~200 bytes as WeBoard's client shapes it, send time included. */
export function presenceJson(
  person: { index: number; team: number; viewport: Box },
  x: number,
  y: number,
  sentAt: number,
): string {
  const v = person.viewport;
  return (
    `{"user":{"name":"Person ${person.index}","color":"${COLORS[person.team % COLORS.length]}","role":"editor"},` +
    `"teamId":"team-${person.team}","cursor":{"x":${x.toFixed(1)},"y":${y.toFixed(1)}},` +
    `"selection":[],"viewport":{"x":${v.x},"y":${v.y},"w":${v.w},"h":${v.h}},"sentAt":${sentAt.toFixed(3)}}`
  );
}
