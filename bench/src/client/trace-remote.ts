/**
 * `pnpm --filter @weboard/bench trace:remote -- --n=1000`: where one remote move of a note in view
 * goes in WeBoard's page (issue #18). Seeds a board as bench:client does, opens it at the working
 * view, and moves the note nearest the middle 2 px, 20 times 100 ms apart, from the stock Node
 * client, under a DevTools trace (timeline + V8 sampling profiler). Prints, per move: the main
 * thread's time by trace event (self time: script, paint, layout, commit…) and the functions with
 * the most self time. `--ab=<client dir>,<client dir>` instead measures the per-move task time
 * (CDP TaskDuration, as bench:client) of two client builds, each on its own server, alternately
 * `--runs` times: a before/after comparison that a loaded machine disturbs alike. `--client=<dir>`
 * traces that build (an unminified one names the functions: `vite build --minify false`).
 * `--cold` traces the first moves after opening (no warm-up moves): what lazy state the first
 * change builds. `--step=<units>` and `--span=<moves>` shape the moves (default 2 and 40: 2 units
 * right each move, back every 40, so the note comes near its right-hand neighbour). `--selected`:
 * the mover has the note selected, as a person dragging it has (the page outlines it).
 * `--save=<file>` writes the trace's events as JSON, to read a frame's events one by one.
 * `--edit`: the steps are someone typing in the note (a letter added, then taken away) instead.
 * `--categories=<a,b>` traces these categories too (e.g. `disabled-by-default-skia`). The
 * per-move cost spans (moves and empty evaluations alike) end 1 s after their last step, so work a
 * build defers past the last move (a timer's redraw) is counted.
 * Besides self time by event and function, it lists the top-level tasks per move by their
 * costliest event (a frame, the websocket message, a timer…). `--floor` also measures, the same
 * way, steps that change one pixel of the items' canvas from the page and nothing else: what
 * any frame that changes the board's picture costs the main thread (the browser's lifecycle and
 * its hand-over of every canvas to the compositor, changed or not), which no work of ours can
 * undercut; the move's cost less it is what the change costs above that frame. `--trace-floor`
 * traces those steps instead of moves, to compare a move's frame with the floor's event by event.
 * `--floor-dom` makes those steps move a small canvas of its own over the board by its CSS
 * transform instead (a composited layer; the board's canvases untouched): what a frame costs that
 * changes none of the board's pixels, i.e. whether a moved note lifted out of the items' canvas
 * into a layer of its own could cost less than the one-pixel floor.
 * `--moves=<n>` (default 20) traces and measures n moves: more samples for the profile's smaller
 * functions (the sampler takes one about every 0.2 ms).
 * `--alloc` instead samples what the moves allocate (V8's sampling heap profiler, objects that
 * collections took back included) and prints the bytes per move by allocating function: what
 * fills the young generation and, promoted, brings the next major collection nearer (issue #18:
 * at 50,000 notes one major collection costs the main thread 100-180 ms).
 */
import { chromium } from 'playwright-core';
import * as Y from 'yjs';
import type { Browser } from 'playwright-core';
import { noteNearCentre, workingCamera } from './grid';
import { seedBoard } from './seed';
import { createBoard, startServer } from './server';
import { nextFrames, openSession, readCanvas, sleep } from './session';
import { CHROMIUM_ARGS, option, runMain } from '../chromium';
import { short } from './trace-model';
import type { ProfileNode, TraceEvent } from './trace-model';

const MOVES = Number(option('moves') ?? 20);
const GAP_MS = 100;
const WARM_UP = process.argv.includes('--cold') ? 0 : 3;
const WARM_UP_REST_MS = 700;
/** Both spans of perMove end this long after their last step (so deferred work is inside). */
const TAIL_MS = 1000;
/** Each move goes STEP board units right of the last, back to where the note was every SPAN. */
const STEP = Number(option('step') ?? 2);
const SPAN = Number(option('span') ?? 40);
/** `--edit`: each step types a letter into the note or takes it away instead of moving it. */
const EDIT = process.argv.includes('--edit');
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  ...(process.argv.includes('--light') ? [] : ['disabled-by-default-v8.cpu_profiler']),
  'v8.execute',
  'blink',
  'cc',
  'gpu',
  ...(option('categories')?.split(',') ?? []),
];

type Board = Awaited<ReturnType<typeof openBoard>>;

async function openBoard(browser: Browser, serverUrl: string, notes: number) {
  const board = await createBoard(serverUrl, `remote ${notes}`);
  const writer = await seedBoard(serverUrl, board.id, board.token, notes);
  const target = { app: 'WeBoard' as const, url: () => board.link, writer: writer.doc };
  const { context, session } = await openSession(browser, target, notes);
  await session.page.goto(board.link, { waitUntil: 'commit' });
  while (!(await session.page.evaluate('!!window.peer'))) await sleep(50);
  await session.page.evaluate('window.peer.firstFrame');
  const camera = workingCamera();
  await session.setCamera(camera);
  await sleep(500);
  await nextFrames(session.page);
  const canvas = await readCanvas(session.page);
  const note = noteNearCentre(notes, camera, canvas);
  if (process.argv.includes('--canvases')) {
    // What the compositor is handed each frame: every canvas in the page, shown or not.
    // (A string: this package is not typed for the DOM.)
    const list = `[...document.querySelectorAll('canvas')].map((c) => {
      const shown = c.offsetParent !== null && getComputedStyle(c).display !== 'none';
      return 'canvas ' + c.width + 'x' + c.height + ' css ' + (c.style.width || '-') + 'x' +
        (c.style.height || '-') + (shown ? ' shown ' : ' hidden ') + (c.parentElement?.className ?? '');
    }).join('\\n')`;
    console.log(await session.page.evaluate(list));
  }
  const shot = option('shot');
  if (shot) await session.page.screenshot({ path: shot });
  if (process.argv.includes('--selected')) {
    // As when a person drags it: the mover has the note selected (an outline at the page's).
    writer.provider.awareness.setLocalState({
      user: { name: 'Mover', color: '#e11d48' },
      cursor: null,
      selection: [note.id],
    });
    await sleep(300);
  }
  let step = 0;
  const moveOnce = async () => {
    step++;
    if (EDIT) {
      // Someone typing in the note: a letter added, the next step taken away again.
      const text = writer.doc.getMap<Y.Map<unknown>>('items').get(note.id)?.get('text');
      if (!(text instanceof Y.Text)) throw new Error('the note has no text to edit');
      if (step % 2) text.insert(text.length, 'x');
      else text.delete(text.length - 1, 1);
      await session.page.evaluate('0');
    } else {
      await session.remoteMove(note.id, note.x + STEP * (step % SPAN), note.y);
    }
    await sleep(GAP_MS);
  };
  const close = async () => {
    await context.close();
    writer.provider.destroy();
  };
  return { session, moveOnce, close };
}

/** Main-thread task, script and CPU (ThreadTime: what a loaded machine disturbs least) seconds. */
async function metrics(cdp: Board['session']['cdp']) {
  const { metrics: all } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => all.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), cpu: get('ThreadTime') };
}

/**
 * One step of `--floor`: a pixel in the items' canvas corner changed from the page (two colours
 * in turn), so that the frame after it is a board frame with the least drawing.
 */
let floorStep = 0;
const floorChange = () =>
  `(() => {
    const canvas = document.querySelector('[data-testid="board-canvas"] canvas');
    const context = canvas.getContext('2d');
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.fillStyle = '${floorStep++ % 2 ? '#fafafa' : '#f0f0f0'}';
    context.fillRect(0, 0, 1, 1);
    context.restore();
  })()`;

/**
 * One step of `--floor-dom`: a 220-pixel canvas of its own over the board (a composited layer,
 * drawn once) moved 2 px by its CSS transform, back every SPAN steps, as a note's move would be.
 */
let domStep = 0;
const domChange = () =>
  `(() => {
    let lifted = document.getElementById('floor-lifted');
    if (!lifted) {
      lifted = document.createElement('canvas');
      lifted.id = 'floor-lifted';
      lifted.width = 220;
      lifted.height = 220;
      lifted.style.cssText =
        'position:absolute;left:0;top:0;pointer-events:none;will-change:transform';
      const context = lifted.getContext('2d');
      context.fillStyle = '#fde68a';
      context.fillRect(20, 20, 180, 180);
      document.querySelector('[data-testid="board-canvas"]').appendChild(lifted);
    }
    lifted.style.transform = 'translate(${500 + (domStep++ % SPAN) * STEP}px, 300px)';
  })()`;

/** One step of `--floor` (or `--floor-dom`), as long as a move. */
async function floorMove(board: Board) {
  const dom = process.argv.includes('--floor-dom');
  await board.session.page.evaluate(dom ? domChange() : floorChange());
  await sleep(GAP_MS);
}

/** Task and script ms per move, minus the same span of empty evaluations (as bench:client). */
async function perMove(board: Board, step: () => Promise<void> = board.moveOnce) {
  const { session } = board;
  const idle0 = await metrics(session.cdp);
  for (let i = 0; i < MOVES; i++) {
    await session.page.evaluate('0');
    await sleep(GAP_MS);
  }
  await sleep(TAIL_MS);
  const idle1 = await metrics(session.cdp);
  for (let i = 0; i < MOVES; i++) await step();
  // Work a build defers past the last move (a lifted note drawn back) counts too.
  await sleep(TAIL_MS);
  const busy = await metrics(session.cdp);
  const cost = (k: 'task' | 'script' | 'cpu') =>
    ((busy[k] - idle1[k] - (idle1[k] - idle0[k])) / MOVES) * 1000;
  return { task: cost('task'), script: cost('script'), cpu: cost('cpu') };
}

function analyse(events: TraceEvent[], pid: number) {
  const main = events.find(
    (e) => e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain' && e.pid === pid,
  );
  if (!main) throw new Error('no renderer main thread in the trace');
  const onMain = events
    .filter((e) => e.pid === pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Self time per event name: each event's duration less its direct children's.
  const self = new Map<string, number>();
  const selfCpu = new Map<string, number>();
  const counts = new Map<string, number>();
  const stack: TraceEvent[] = [];
  const childTime = new Map<TraceEvent, number>();
  const childCpu = new Map<TraceEvent, number>();
  let total = 0;
  let totalCpu = 0;
  for (const e of onMain) {
    while (
      stack.length &&
      stack[stack.length - 1]!.ts + (stack[stack.length - 1]!.dur ?? 0) <= e.ts
    )
      stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) {
      childTime.set(parent, (childTime.get(parent) ?? 0) + (e.dur ?? 0));
      childCpu.set(parent, (childCpu.get(parent) ?? 0) + (e.tdur ?? 0));
    } else {
      total += e.dur ?? 0;
      totalCpu += e.tdur ?? 0;
    }
    stack.push(e);
  }
  // What each top-level task runs: its direct children's names (or its own), with CPU.
  const kinds = new Map<string, { n: number; cpu: number }>();
  {
    const tops = onMain.filter((e) => e.name === 'RunTask');
    for (const task of tops) {
      const end = task.ts + (task.dur ?? 0);
      const inside = onMain.filter(
        (e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && (e.dur ?? 0) > 0,
      );
      const biggest = inside.sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))[0];
      const key = biggest ? biggest.name : '(empty)';
      const k = kinds.get(key) ?? { n: 0, cpu: 0 };
      k.n++;
      k.cpu += task.tdur ?? 0;
      kinds.set(key, k);
    }
  }
  for (const e of onMain) {
    const s = (e.dur ?? 0) - (childTime.get(e) ?? 0);
    self.set(e.name, (self.get(e.name) ?? 0) + s);
    const c = (e.tdur ?? 0) - (childCpu.get(e) ?? 0);
    selfCpu.set(e.name, (selfCpu.get(e.name) ?? 0) + c);
    counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  }
  // Sampled profile.
  const nodes = new Map<number, ProfileNode>();
  const hits = new Map<number, number>();
  let sampled = 0;
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid) continue;
    const data = e.args?.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const deltas = data.timeDeltas ?? [];
    (data.cpuProfile?.samples ?? []).forEach((id, i) => {
      const d = deltas[i + 1] ?? deltas[i] ?? 0;
      hits.set(id, (hits.get(id) ?? 0) + d);
      sampled += d;
    });
  }
  const label = (id: number) => {
    const f = nodes.get(id)?.callFrame;
    if (!f) return '?';
    return `${f.functionName || '(anon)'} ${short(f.url)}:${f.lineNumber + 1}`.trim();
  };
  const selfFn = new Map<string, number>();
  const inclFn = new Map<string, number>();
  for (const [id, t] of hits) {
    const l = label(id);
    if (l.startsWith('(idle)') || l.startsWith('(program)')) continue;
    selfFn.set(l, (selfFn.get(l) ?? 0) + t);
    const seen = new Set<string>();
    for (let n = nodes.get(id); n; n = n.parent ? nodes.get(n.parent) : undefined) {
      const name = label(n.id);
      if (!seen.has(name)) inclFn.set(name, (inclFn.get(name) ?? 0) + t);
      seen.add(name);
    }
  }
  // `--focus=<function>`: inclusive time of what runs under that function.
  const focus = option('focus');
  const under = new Map<string, number>();
  if (focus) {
    for (const [id, t] of hits) {
      const chain: string[] = [];
      for (let n = nodes.get(id); n; n = n.parent ? nodes.get(n.parent) : undefined)
        chain.push(label(n.id));
      const at = chain.findIndex((l) => l.startsWith(`${focus} `));
      if (at < 0) continue;
      for (const name of new Set(chain.slice(0, at))) under.set(name, (under.get(name) ?? 0) + t);
    }
  }
  const ms = (us: number) => (us / 1000 / MOVES).toFixed(2).padStart(6);
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([n, t]) => `${ms(t)}  ${n}`);
  return [
    `main thread: top-level events ${ms(total)} ms per move (sampled JS+native ${ms(sampled)})`,
    `main thread CPU (trace events' thread time) ${ms(totalCpu)} ms per move`,
    '-- self time by trace event, ms per move',
    ...top(self, 25),
    '-- self CPU time by trace event, ms per move (events per move)',
    ...[...selfCpu]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([n, t]) => `${ms(t)}  ${n} (${((counts.get(n) ?? 0) / MOVES).toFixed(1)})`),
    '-- top-level tasks by their costliest event: CPU ms per move (tasks per move)',
    ...[...kinds]
      .sort((a, b) => b[1].cpu - a[1].cpu)
      .slice(0, 15)
      .map(([n, k]) => `${ms(k.cpu)}  ${n} (${(k.n / MOVES).toFixed(1)})`),
    '-- self time by function (V8 samples), ms per move',
    ...top(selfFn, 30),
    '-- inclusive time by function, ms per move',
    ...top(inclFn, 40),
    ...(focus ? [`-- under ${focus}`, ...top(under, 30)] : []),
  ].join('\n');
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/** Bytes allocated per move by function (self and inclusive), from V8's sampling heap profiler. */
async function allocations(board: Board) {
  for (let i = 0; i < WARM_UP; i++) await board.moveOnce();
  if (WARM_UP) await sleep(WARM_UP_REST_MS);
  const { cdp } = board.session;
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.startSampling', {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < MOVES; i++) await board.moveOnce();
  const { profile } = await cdp.send('HeapProfiler.stopSampling');
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode, above: Set<string>): number => {
    const f = node.callFrame;
    const name = `${f.functionName || '(anon)'} ${short(f.url)}:${f.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    const seen = new Set(above).add(name);
    let sum = node.selfSize;
    for (const child of node.children) sum += walk(child, seen);
    if (!above.has(name)) incl.set(name, (incl.get(name) ?? 0) + sum);
    return sum;
  };
  walk(profile.head as unknown as SamplingNode, new Set());
  const kb = (bytes: number) => (bytes / 1024 / MOVES).toFixed(1).padStart(8);
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([n, t]) => `${kb(t)} KB  ${n}`);
  return [
    `allocated ${kb(total)} KB per move (sampled every 512 bytes)`,
    '-- self, KB per move',
    ...top(self, 25),
    '-- inclusive, KB per move',
    ...top(incl, 40),
  ].join('\n');
}

/**
 * `--heap`: the page's live JS heap (a heap snapshot after a collection) by constructor, bytes
 * per note: what a major collection has to mark at this board size.
 */
async function heapByConstructor(board: Board, notes: number) {
  const { cdp } = board.session;
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const by = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt!]!]!;
    const name = snapshot.strings[snapshot.nodes[i + nameAt!]!]!;
    const named = type === 'object' || type === 'closure' || type === 'native';
    const key = named ? `${type} ${name.slice(0, 60)}` : `(${type})`;
    const size = snapshot.nodes[i + sizeAt!]!;
    total += size;
    const entry = by.get(key) ?? { size: 0, count: 0 };
    entry.size += size;
    entry.count++;
    by.set(key, entry);
  }
  // Who holds the small objects: numbers, strings, arrays and plain objects by the constructor
  // and property of their first retainer.
  const edgeFields = (snapshot.snapshot.meta as unknown as { edge_fields: string[] }).edge_fields;
  const edgeTypes = (snapshot.snapshot.meta as unknown as { edge_types: [string[]] }).edge_types[0];
  const edges = (snapshot as unknown as { edges: number[] }).edges;
  const countAt = fields.indexOf('edge_count');
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) =>
    edgeFields.indexOf(f),
  );
  const held = new Map<string, number>();
  const seen = new Set<number>();
  let edge = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const owner = `${types[snapshot.nodes[i + typeAt!]!]} ${snapshot.strings[snapshot.nodes[i + nameAt!]!]!.slice(0, 30)}`;
    for (let k = 0; k < snapshot.nodes[i + countAt]!; k++, edge += edgeFields.length) {
      const to = edges[edge + eTo!]!;
      if (seen.has(to)) continue;
      const toType = types[snapshot.nodes[to + typeAt!]!]!;
      const toName = snapshot.strings[snapshot.nodes[to + nameAt!]!]!;
      const small =
        toType === 'number' || toType === 'string' || toType === 'array' || toName === 'Object';
      if (!small) continue;
      seen.add(to);
      const kind = edgeTypes[edges[edge + eType!]!];
      const prop =
        kind === 'element' || kind === 'hidden'
          ? `[${kind}]`
          : snapshot.strings[edges[edge + eName!]!];
      const key = `${toType === 'object' ? 'Object' : toType} held by ${owner}.${prop}`;
      held.set(key, (held.get(key) ?? 0) + 1);
    }
  }
  return [
    '-- small objects per note by first retainer',
    ...[...held]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 45)
      .map(([k, n]) => `${(n / notes).toFixed(2).padStart(7)}/note  ${k}`),
    `heap snapshot ${(total / 1024 ** 2).toFixed(1)} MB, ${(total / notes).toFixed(0)} bytes per note`,
    ...[...by]
      .sort((a, b) => b[1].size - a[1].size)
      .slice(0, 40)
      .map(
        ([k, v]) =>
          `${(v.size / notes).toFixed(0).padStart(7)} B/note ${(v.count / notes).toFixed(2).padStart(7)}/note  ${k}`,
      ),
  ].join('\n');
}

async function traceMoves(browser: Browser, board: Board) {
  // A few moves first, and the minimap's refresh after them: the first change after opening builds
  // lazy state (the minimap's R-tree) and warms the JIT, which is not what each move costs.
  for (let i = 0; i < WARM_UP; i++) await board.moveOnce();
  if (WARM_UP) await sleep(WARM_UP_REST_MS);
  const browserCdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  browserCdp.on('Tracing.dataCollected', (e) =>
    events.push(...(e.value as unknown as TraceEvent[])),
  );
  const done = new Promise<void>((r) => browserCdp.once('Tracing.tracingComplete', () => r()));
  await browserCdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES },
    transferMode: 'ReportEvents',
  });
  await sleep(200);
  const step = process.argv.includes('--trace-floor') ? () => floorMove(board) : board.moveOnce;
  for (let i = 0; i < MOVES; i++) await step();
  await browserCdp.send('Tracing.end');
  await done;
  await browserCdp.detach();
  const save = option('save');
  if (save) (await import('node:fs')).writeFileSync(save, JSON.stringify(events));
  // The renderer with the most main-thread work is the board's.
  const mains = events.filter(
    (e) => e.name === 'thread_name' && e.args?.['name'] === 'CrRendererMain',
  );
  let best = { pid: 0, busy: -1 };
  for (const m of mains) {
    const busy = events
      .filter((e) => e.pid === m.pid && e.tid === m.tid && e.name === 'RunTask')
      .reduce((s, e) => s + (e.dur ?? 0), 0);
    if (busy > best.busy) best = { pid: m.pid, busy };
  }
  return analyse(events, best.pid);
}

async function main() {
  const sizes = (option('n') ?? '1000').split(',').map(Number);
  const runs = Number(option('runs') ?? 3);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const ab = option('ab')?.split(',');
  const servers = await Promise.all(
    (ab ?? [option('client') ?? '']).map((dir) => startServer(dir ? { CLIENT_DIR: dir } : {})),
  );
  try {
    for (const notes of sizes) {
      if (!ab) {
        const board = await openBoard(browser, servers[0]!.url, notes);
        console.log(`=== ${notes} notes`);
        if (process.argv.includes('--heap')) {
          console.log(await heapByConstructor(board, notes));
          await board.close();
          continue;
        }
        if (process.argv.includes('--alloc')) {
          console.log(await allocations(board));
          await board.close();
          continue;
        }
        console.log(await traceMoves(browser, board));
        const cost = await perMove(board);
        console.log(
          `task ${cost.task.toFixed(2)} ms (script ${cost.script.toFixed(2)}), main-thread CPU ${cost.cpu.toFixed(2)} ms per move`,
        );
        if (process.argv.includes('--floor') || process.argv.includes('--floor-dom')) {
          const floor = await perMove(board, () => floorMove(board));
          console.log(
            `floor (${process.argv.includes('--floor-dom') ? 'a layer of its own moved by CSS' : "one pixel of the items' canvas changed"} per step): task ${floor.task.toFixed(2)} ms (script ${floor.script.toFixed(2)}), main-thread CPU ${floor.cpu.toFixed(2)} ms per step`,
          );
        }
        await board.close();
        continue;
      }
      const boards: Board[] = [];
      for (const server of servers) boards.push(await openBoard(browser, server.url, notes));
      const costs: { task: number; script: number; cpu: number }[][] = ab.map(() => []);
      for (let run = 0; run < runs; run++) {
        for (let k = 0; k < boards.length; k++) {
          const i = (k + run) % boards.length;
          costs[i]!.push(await perMove(boards[i]!));
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      ab.forEach((dir, i) => {
        const c = costs[i]!;
        console.log(
          `${notes} notes ${dir}: task median ${median(c.map((x) => x.task)).toFixed(2)} ms [${c.map((x) => x.task.toFixed(1)).join(' ')}], script median ${median(c.map((x) => x.script)).toFixed(2)}, CPU median ${median(c.map((x) => x.cpu)).toFixed(2)} [${c.map((x) => x.cpu.toFixed(1)).join(' ')}]`,
        );
      });
      for (const board of boards) await board.close();
    }
  } finally {
    await browser.close();
    for (const server of servers) server.child.kill('SIGTERM');
  }
}

runMain(main);
