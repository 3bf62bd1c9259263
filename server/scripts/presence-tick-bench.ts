/*
 * CPU per presence tick of one room, without sockets: `pnpm --filter @weboard/server exec tsx
 * scripts/presence-tick-bench.ts [people]`. The room is laid out as `pnpm bench:people` lays it out
 * (teams of 7 around their own area, 1600×1000 viewports), 30 % of people move every tick, and
 * every message is "sent" into a counter. It reports process CPU time per tick (user + system),
 * which load from other work on the machine inflates far less than wall time.
 */
import { PRESENCE_TICK_MS, PresenceFanout } from '../src/sync/presence-fanout';

const people = Number(process.argv[2] ?? 500);
const TEAM_SIZE = 7;
const TEAM_W = 2400;
const TEAM_H = 1500;
const VIEW_W = 1600;
const VIEW_H = 1000;
const teams = Math.max(1, Math.ceil(people / TEAM_SIZE));
const cols = Math.ceil(Math.sqrt(teams));

const places = Array.from({ length: people }, (_, i) => {
  const team = i % teams;
  const x = (team % cols) * TEAM_W + (TEAM_W - VIEW_W) / 2 + (((i * 7919) % 400) - 200);
  const y = Math.floor(team / cols) * TEAM_H + (TEAM_H - VIEW_H) / 2 + (((i * 104729) % 300) - 150);
  return { team, x, y };
});

const fanout = new PresenceFanout<number>();
let messages = 0;
let bytes = 0;
let now = 0;
const clocks = new Array<number>(people).fill(0);
for (let i = 0; i < people; i++) {
  fanout.addReceiver(
    i,
    (message) => {
      messages += 1;
      bytes += message.byteLength;
    },
    now,
  );
}
const move = (i: number, step: number) => {
  const { team, x, y } = places[i]!;
  clocks[i]! += 1;
  fanout.set(
    1000 + i,
    clocks[i]!,
    {
      user: { name: `Person ${i}`, color: '#e11d48', role: 'editor' },
      teamId: `team-${team}`,
      cursor: { x: x + 200 + ((step * 37) % 1200), y: y + 100 + ((step * 23) % 800) },
      selection: [],
      viewport: { x, y, w: VIEW_W, h: VIEW_H },
    },
    i,
    false,
  );
};
for (let i = 0; i < people; i++) move(i, 0);
const movers = Math.round(people * 0.3);
let setCpu = 0;
let tickCpu = 0;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const run = (ticks: number) => {
  for (let t = 0; t < ticks; t++) {
    let at = process.cpuUsage();
    for (let i = 0; i < movers; i++) move(i, t);
    setCpu += cpuMs(at);
    now += PRESENCE_TICK_MS;
    at = process.cpuUsage();
    fanout.tick(now);
    tickCpu += cpuMs(at);
  }
};
run(200); // warm-up: the join, the JIT
messages = 0;
bytes = 0;
setCpu = 0;
tickCpu = 0;
const ticks = 2000;
run(ticks);
console.log(
  `${people} people, ${movers} moving: tick ${(tickCpu / ticks).toFixed(3)} ms CPU, ` +
    `set() of the movers ${(setCpu / ticks).toFixed(3)} ms CPU per tick; ` +
    `${(messages / ticks).toFixed(0)} messages and ${(bytes / ticks / 1024).toFixed(1)} KiB per tick`,
);
