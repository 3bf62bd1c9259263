import type Konva from 'konva';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, PointerEvent as ReactPointerEvent, ReactNode, RefObject } from 'react';
import { Layer, Stage } from 'react-konva';
import type { Presence } from '../collab/presence';
import { useStore } from '../lib/store';
import type { BoardEditor } from '../editor/editor';
import type { PointerInput, ToolId } from '../editor/tools';
import { interpretWheel, panBy, screenToBoard, zoomAt } from '../editor/viewport';
import { useEditor } from '../editor/editor-context';
import { isTypingTarget } from '../lib/typing-target';
import { BlocksShape } from './BlocksShape';
import { createStore } from '../lib/store';
import { installCameraShift, onStage } from './camera-shift';
import { DotGrid } from './DotGrid';
import { ReactionChips } from './ReactionChips';
import { hideWhileEmpty } from './idle-layers';
import { ItemNode } from './items/ItemNode';
import {
  drawAddedLayersAtNextFrame,
  drawLayersOncePerFrame,
  memoizeTextLayout,
  sizeHiddenLayersWhenShown,
} from './konva-internals';
import { installPartialRedraw } from './partial-redraw';
import { CursorBursts } from './CursorBursts';
import { RemoteCursors } from './RemoteCursors';
import { RemoteSelections } from './RemoteSelections';
import type { TeamOf } from './RemoteCursors';
import { SelectionLayer } from './SelectionLayer';
import { createVisibleItems } from './visible-items';

// The stage's layers draw at the frame after they are added, once, not also while being added.
drawAddedLayersAtNextFrame();
drawLayersOncePerFrame();
// A hidden layer (the selection's, with nothing selected) gets its canvases sized when shown.
sizeHiddenLayersWhenShown();
// A note's text is laid out once when it mounts, not once to fit it and again to draw it.
memoizeTextLayout();

interface PanGesture {
  pointerId: number;
  startX: number;
  startY: number;
  originX: number;
  originY: number;
}

const CURSORS: Record<ToolId, string> = {
  select: 'default',
  hand: 'grab',
  connector: 'crosshair',
  pen: 'crosshair',
  rect: 'crosshair',
  ellipse: 'crosshair',
  diamond: 'crosshair',
  frame: 'crosshair',
};

/** True when a Konva node belongs to the Transformer, whose handles Konva drives itself. */
function isTransformerPart(node: Konva.Node | null): boolean {
  for (let n: Konva.Node | null = node; n; n = n.getParent()) {
    if (n.getClassName() === 'Transformer') return true;
  }
  return false;
}

/**
 * What the board page plugs into the canvas, so the canvas knows nothing of planning or
 * facilitation (issue #17): their layers fill these slots.
 */
export interface BoardCanvasProps {
  presence: Presence;
  /** Drawn in the items layer over the items in view (given their ids), e.g. planning's bands. */
  itemsOverlay?: (ids: readonly string[]) => ReactNode;
  /** The team name and colour on a remote cursor's label. */
  teamOf?: TeamOf;
}

/**
 * The full-window board. Pointer input goes to the editor's active tool in board coordinates; the
 * items layer is static (it never listens), so hit-testing is the editor's geometry, not Konva's.
 */
export function BoardCanvas({ presence, itemsOverlay, teamOf }: BoardCanvasProps) {
  const editor = useEditor();
  const size = useStore(editor.canvasSize);
  const tool = useStore(editor.tool);
  const toolState = useStore(editor.toolState);
  // How far the stage's canvases reach beyond the window (camera-shift.ts): items there are mounted.
  const drawnMargin = useMemo(() => createStore(0), []);
  const visible = useMemo(() => createVisibleItems(editor, { drawnMargin }), [editor, drawnMargin]);
  useEffect(() => () => visible.dispose(), [visible]);
  const { nodes, blocks } = useStore(visible);
  const containerRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const itemsLayerRef = useRef<Konva.Layer>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [pan, setPan] = useState<PanGesture | null>(null);

  // `?render=naive` draws every item in full with no culling, level of detail or partial redraws:
  // the baseline the client benchmark compares against.
  useEffect(() => {
    if (new URLSearchParams(window.location.search).get('render') === 'naive') {
      editor.culling.set(false);
      return;
    }
    const layer = itemsLayerRef.current;
    return layer ? installPartialRedraw(layer, editor, visible) : undefined;
  }, [editor, visible]);

  // The selection's and other people's layers leave the page while they draw nothing. Before the
  // layers' first draw (a layout effect), which otherwise handed their empty canvases over too.
  useLayoutEffect(() => {
    const stage = stageRef.current;
    const items = itemsLayerRef.current;
    if (!stage || !items) return;
    const stops = stage
      .getLayers()
      .flatMap((layer) => (layer === items ? [] : hideWhileEmpty(layer)));
    return () => stops.forEach((stop) => stop());
  }, []);

  // The camera is applied to the stage directly, not through React: a zoom frame then costs one
  // Konva draw, with no re-render of the canvas and its item list, and a pan frame mostly none.
  // A layout effect, so the stage holds the camera before its layers' first draw (the frame after
  // they are added): as a passive effect it ran after that frame when the board opened fitted
  // (100 notes: at 36 %), whose first draw was then of the board's top left at 100 %, drawn
  // again at the right camera a frame later.
  useLayoutEffect(() => {
    const stage = stageRef.current;
    return stage ? installCameraShift(stage, editor, drawnMargin) : undefined;
  }, [editor, drawnMargin]);

  // Keep the stage the size of the window.
  useEffect(() => {
    const onResize = () =>
      editor.canvasSize.set({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    onResize();
    return () => window.removeEventListener('resize', onResize);
  }, [editor]);

  // Wheel: a native, non-passive listener so that pinch (ctrl+wheel) never zooms the page itself.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = container.getBoundingClientRect();
      const anchor = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      const intent = interpretWheel(event);
      editor.viewport.set((current) =>
        intent.kind === 'zoom'
          ? zoomAt(current, anchor, current.scale * intent.factor)
          : panBy(current, intent.dx, intent.dy),
      );
    };
    container.addEventListener('wheel', onWheel, { passive: false });
    return () => container.removeEventListener('wheel', onWheel);
  }, [editor]);

  // Space turns any drag into a pan, as in every design tool.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.code !== 'Space' || isTypingTarget(event.target)) return;
      event.preventDefault();
      setSpaceHeld(true);
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.code === 'Space') setSpaceHeld(false);
    };
    const onBlur = () => setSpaceHeld(false);
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);

  const input = (event: {
    clientX: number;
    clientY: number;
    shiftKey: boolean;
    altKey: boolean;
  }): PointerInput => {
    const rect = containerRef.current!.getBoundingClientRect();
    const screen = { x: event.clientX - rect.left, y: event.clientY - rect.top };
    return {
      point: screenToBoard(editor.viewport.get(), screen),
      screen,
      shift: event.shiftKey,
      alt: event.altKey,
    };
  };

  // Panning is handled in the capture phase, before Konva sees the pointer, so that a space-drag
  // that starts on a note pans instead of moving the note.
  const onPointerDownCapture = (event: ReactPointerEvent<HTMLDivElement>) => {
    const wantsPan = event.button === 1 || (event.button === 0 && spaceHeld);
    if (!wantsPan) return;
    event.preventDefault();
    event.stopPropagation();
    event.currentTarget.setPointerCapture(event.pointerId);
    const { x, y } = editor.viewport.get();
    setPan({
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      originX: x,
      originY: y,
    });
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || pan) return;
    const stage = stageRef.current;
    const at = input(event);
    if (stage && isTransformerPart(stage.getIntersection(onStage(stage, at.point)))) return;
    if (editor.editingId.get()) editor.stopEditing();
    event.currentTarget.setPointerCapture(event.pointerId);
    editor.pointerDown(at);
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (pan && event.pointerId === pan.pointerId) {
      editor.viewport.set((current) => ({
        ...current,
        x: pan.originX + event.clientX - pan.startX,
        y: pan.originY + event.clientY - pan.startY,
      }));
    }
    const at = input(event);
    editor.setPointer(at.point);
    presence.setCursor(at.point);
    if (!pan) editor.pointerMove(at);
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (pan && event.pointerId === pan.pointerId) {
      setPan(null);
      return;
    }
    if (event.currentTarget.hasPointerCapture(event.pointerId)) {
      event.currentTarget.releasePointerCapture(event.pointerId);
    }
    editor.pointerUp(input(event));
  };

  const onPointerLeave = () => {
    editor.setPointer(null);
    presence.setCursor(null);
  };

  const style: CSSProperties = {
    cursor: pan || toolState === 'hand.panning' ? 'grabbing' : spaceHeld ? 'grab' : CURSORS[tool],
  };

  return (
    <div
      ref={containerRef}
      className="canvas"
      style={style}
      data-testid="board-canvas"
      data-tool={tool}
      data-tool-state={toolState}
      data-visible-items={nodes.length + blocks.length}
      onPointerDownCapture={onPointerDownCapture}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onPointerLeave={onPointerLeave}
      onDoubleClick={(event) => editor.doubleClick(input(event))}
      onAuxClick={(e) => e.preventDefault()}
      onContextMenu={(e) => e.preventDefault()}
    >
      <BoardStage
        editor={editor}
        size={size}
        nodes={nodes}
        blocks={blocks}
        itemsOverlay={itemsOverlay}
        stageRef={stageRef}
        itemsLayerRef={itemsLayerRef}
      />
      <RemoteSelections presence={presence} editor={editor} />
      <RemoteCursors presence={presence} editor={editor} teamOf={teamOf} />
      <CursorBursts presence={presence} editor={editor} />
    </div>
  );
}

interface BoardStageProps {
  editor: BoardEditor;
  size: { width: number; height: number };
  nodes: readonly string[];
  blocks: readonly string[];
  itemsOverlay: BoardCanvasProps['itemsOverlay'];
  stageRef: RefObject<Konva.Stage | null>;
  itemsLayerRef: RefObject<Konva.Layer | null>;
}

/**
 * The Konva stage, memoised apart from the canvas: the canvas re-renders at every tool state (a
 * press, a drag's start, a release) for its cursor, and the stage with it re-rendered every item
 * node in view and walked react-konva's context bridge (~7 ms of a drag's start; issue #18).
 */
const BoardStage = memo(function BoardStage(props: BoardStageProps) {
  const { editor, size, nodes, blocks, itemsOverlay, stageRef, itemsLayerRef } = props;
  return (
    <Stage ref={stageRef} width={size.width} height={size.height}>
      <Layer ref={itemsLayerRef} name="items-layer" listening={false}>
        <DotGrid editor={editor} />
        {blocks.length > 0 && <BlocksShape ids={blocks} editor={editor} />}
        {nodes.map((id) => (
          <ItemNode key={id} id={id} editor={editor} />
        ))}
        {itemsOverlay?.(nodes)}
        <ReactionChips ids={nodes} editor={editor} />
      </Layer>
      <SelectionLayer editor={editor} />
    </Stage>
  );
});
