// The tools, one file each under tools/: what they share (ids, host, overlay) is in tools/tool.ts.
export {
  BOX_TOOL_IDS,
  DRAG_THRESHOLD_PX,
  EMPTY_OVERLAY,
  END_HANDLE_PX,
  HIT_TOLERANCE_PX,
  isEditingTool,
  TOOL_IDS,
} from './tools/tool';
export type {
  BoxKind,
  ConnectorEndName,
  Overlay,
  PointerInput,
  Tool,
  ToolHost,
  ToolId,
} from './tools/tool';
export { SelectTool } from './tools/select';
export { HandTool } from './tools/hand';
export { ConnectorTool } from './tools/connector';
export { PenTool } from './tools/pen';
export { BoxTool, drawnBox, MIN_DRAWN_SIZE } from './tools/box';
