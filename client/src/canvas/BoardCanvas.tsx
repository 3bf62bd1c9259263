import { isSticky } from '@weboard/shared';
import type Konva from 'konva';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties, PointerEvent as ReactPointerEvent } from 'react';
import { Layer, Stage } from 'react-konva';
import type { Presence } from '../collab/presence';
import { useStore } from '../editor/store';
import { gridSpacing, interpretWheel, panBy, screenToBoard, zoomAt } from '../editor/viewport';
import { useEditor } from '../ui/editor-context';
import { isTypingTarget } from '../ui/shortcuts';
import { PresenceLayer } from './PresenceLayer';
import { StickyNode } from './StickyNode';

interface PanGesture {
  pointerId: number;
  startX: number;
  startY: number;
  originX: number;
  originY: number;
}

/** The full-window board: pan, zoom, a dot grid, the notes and everyone's presence. */
export function BoardCanvas({ presence }: { presence: Presence }) {
  const editor = useEditor();
  const items = useStore(editor.items);
  const viewport = useStore(editor.viewport);
  const selection = useStore(editor.selection);
  const editingId = useStore(editor.editingId);
  const size = useStore(editor.canvasSize);
  const remote = useStore(presence.remote);
  const containerRef = useRef<HTMLDivElement>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [pan, setPan] = useState<PanGesture | null>(null);

  const itemsById = useMemo(() => new Map(items.map((item) => [item.id, item])), [items]);
  const selected = useMemo(() => new Set(selection), [selection]);

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

  const toBoard = (clientX: number, clientY: number) => {
    const rect = containerRef.current!.getBoundingClientRect();
    return screenToBoard(editor.viewport.get(), { x: clientX - rect.left, y: clientY - rect.top });
  };

  // Panning is handled on the container in the capture phase, before Konva sees the pointer,
  // so that a space-drag that starts on a note pans instead of moving the note.
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

  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (pan && event.pointerId === pan.pointerId) {
      editor.viewport.set((current) => ({
        ...current,
        x: pan.originX + event.clientX - pan.startX,
        y: pan.originY + event.clientY - pan.startY,
      }));
    }
    const point = toBoard(event.clientX, event.clientY);
    editor.setPointer(point);
    presence.setCursor(point);
  };

  const endPan = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (pan && event.pointerId === pan.pointerId) setPan(null);
  };

  const onPointerLeave = () => {
    editor.setPointer(null);
    presence.setCursor(null);
  };

  const onStagePointerDown = (event: Konva.KonvaEventObject<PointerEvent>) => {
    if (event.target === event.target.getStage() && event.evt.button === 0) {
      editor.stopEditing();
      editor.select([]);
    }
  };

  const onStageDoubleClick = (event: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    const stage = event.target.getStage();
    if (event.target !== stage || !editor.canEdit || !stage) return;
    const pointer = stage.getPointerPosition();
    if (!pointer) return;
    const id = editor.createStickyAt(screenToBoard(editor.viewport.get(), pointer));
    if (id) editor.startEditing(id);
  };

  const spacing = gridSpacing(viewport.scale);
  const dotSize = Math.max(1, Math.min(1.6, viewport.scale * 1.4));
  const style: CSSProperties & Record<'--grid-size' | '--grid-x' | '--grid-y' | '--dot', string> = {
    '--grid-size': `${spacing}px`,
    '--grid-x': `${viewport.x}px`,
    '--grid-y': `${viewport.y}px`,
    '--dot': `${dotSize}px`,
    cursor: pan ? 'grabbing' : spaceHeld ? 'grab' : 'default',
  };

  return (
    <div
      ref={containerRef}
      className="canvas"
      style={style}
      data-testid="board-canvas"
      onPointerDownCapture={onPointerDownCapture}
      onPointerMove={onPointerMove}
      onPointerUp={endPan}
      onPointerCancel={endPan}
      onPointerLeave={onPointerLeave}
      onAuxClick={(e) => e.preventDefault()}
      onContextMenu={(e) => e.preventDefault()}
    >
      <Stage
        width={size.width}
        height={size.height}
        x={viewport.x}
        y={viewport.y}
        scaleX={viewport.scale}
        scaleY={viewport.scale}
        onPointerDown={onStagePointerDown}
        onDblClick={onStageDoubleClick}
        onDblTap={onStageDoubleClick}
      >
        <Layer>
          {items.filter(isSticky).map((item) => (
            <StickyNode
              key={item.id}
              item={item}
              editor={editor}
              selected={selected.has(item.id)}
              editing={editingId === item.id}
              draggable={editor.canEdit && !spaceHeld && !pan && editingId !== item.id}
              scale={viewport.scale}
            />
          ))}
        </Layer>
        <PresenceLayer remote={remote} items={itemsById} scale={viewport.scale} />
      </Stage>
    </div>
  );
}
