import type { ReactNode } from 'react';
import type { CreateKind } from '../editor/editor';
import { useStore } from '../lib/store';
import type { ToolId } from '../editor/tools';
import { useCanEdit, useEditor } from '../editor/editor-context';
import { Icons } from './icons';
import { ImageButton } from './ImageButton';
import { keyLabel } from './keys';
import { burstPickerOpen } from './BurstPicker';
import { ShortcutSheet, useShortcutSheet } from './ShortcutSheet';
import { cycleThemeMode, resolveTheme, themeMode } from './theme-mode';

interface Entry {
  name: ToolId | CreateKind;
  label: string;
  key: string;
  icon: () => ReactNode;
  kind: 'tool' | 'create';
}

const GROUPS: Entry[][] = [
  [
    { name: 'select', label: 'Select', key: 'V', icon: Icons.select, kind: 'tool' },
    { name: 'hand', label: 'Hand', key: 'H', icon: Icons.hand, kind: 'tool' },
  ],
  [
    { name: 'sticky', label: 'Sticky note', key: 'S', icon: Icons.sticky, kind: 'create' },
    { name: 'text', label: 'Text', key: 'T', icon: Icons.text, kind: 'create' },
    { name: 'rect', label: 'Rectangle', key: 'R', icon: Icons.rect, kind: 'tool' },
    { name: 'ellipse', label: 'Ellipse', key: 'O', icon: Icons.ellipse, kind: 'tool' },
    { name: 'diamond', label: 'Diamond', key: 'D', icon: Icons.diamond, kind: 'tool' },
  ],
  [
    { name: 'connector', label: 'Connector', key: 'L', icon: Icons.connector, kind: 'tool' },
    { name: 'frame', label: 'Frame', key: 'F', icon: Icons.frame, kind: 'tool' },
    { name: 'pen', label: 'Pen', key: 'P', icon: Icons.pen, kind: 'tool' },
  ],
];

/** The main tool dock at the bottom of the board. Viewers get select and hand only. */
export function Toolbar() {
  const editor = useEditor();
  const tool = useStore(editor.tool);
  const canUndo = useStore(editor.canUndo);
  const canEdit = useCanEdit();
  const groups = canEdit ? GROUPS : [GROUPS[0]!];
  const [sheetOpen, setSheetOpen] = useShortcutSheet();
  const mode = useStore(themeMode);
  const burstOpen = useStore(burstPickerOpen);
  const modeLabel =
    mode === 'system' ? `Theme: as the system (${resolveTheme(mode)})` : `Theme: ${mode}`;
  return (
    <div className="floating-toolbar main-toolbar" role="toolbar" aria-label="Tools">
      {groups.map((group, i) => (
        <div className="tool-group" key={i}>
          {i > 0 && <span className="toolbar-divider" />}
          {group.map((entry) => (
            <button
              key={entry.name}
              type="button"
              className="tool-button"
              data-testid={`toolbar-${entry.name}`}
              aria-label={entry.label}
              aria-pressed={entry.kind === 'tool' ? tool === entry.name : undefined}
              title={`${entry.label} (${entry.key})`}
              onClick={() => {
                if (entry.kind === 'tool') {
                  editor.setTool(entry.name as ToolId);
                  return;
                }
                editor.setTool('select');
                const id = editor.createAtViewportCenter(entry.name as CreateKind);
                // A note made from the toolbar opens for typing at once, as in Miro.
                if (id && entry.name === 'sticky') editor.startEditing(id);
              }}
            >
              {entry.icon()}
              <kbd className="tool-key">{entry.key}</kbd>
            </button>
          ))}
          {canEdit && i === groups.length - 1 && <ImageButton />}
        </div>
      ))}
      {canEdit && (
        <div className="tool-group">
          <span className="toolbar-divider" />
          <button
            type="button"
            className="tool-button"
            data-testid="toolbar-undo"
            aria-label="Undo"
            title={`Undo (${keyLabel('mod+z')})`}
            disabled={!canUndo.undo}
            onClick={() => editor.undo()}
          >
            {Icons.undo()}
          </button>
          <button
            type="button"
            className="tool-button"
            data-testid="toolbar-redo"
            aria-label="Redo"
            title={`Redo (${keyLabel('mod+shift+z')})`}
            disabled={!canUndo.redo}
            onClick={() => editor.redo()}
          >
            {Icons.redo()}
          </button>
        </div>
      )}
      <div className="tool-group">
        <span className="toolbar-divider" />
        <button
          type="button"
          className="tool-button"
          data-testid="toolbar-burst"
          aria-label="Emoji burst"
          aria-pressed={burstOpen}
          title="Emoji burst at your pointer, for everyone (hold E, press 1–6)"
          onClick={() => burstPickerOpen.set(!burstOpen)}
        >
          <span className="tool-glyph tool-emoji" aria-hidden="true">
            🎉
          </span>
          <kbd className="tool-key">E</kbd>
        </button>
        <button
          type="button"
          className="tool-button"
          data-testid="toolbar-theme"
          data-mode={mode}
          aria-label={modeLabel}
          title={`${modeLabel}: click for the next`}
          onClick={cycleThemeMode}
        >
          <span className="tool-glyph" aria-hidden="true">
            {mode === 'system' ? '◐' : mode === 'light' ? '☀' : '☾'}
          </span>
        </button>
        <button
          type="button"
          className="tool-button"
          data-testid="toolbar-shortcuts"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => setSheetOpen(true)}
        >
          <span className="tool-glyph" aria-hidden="true">
            ?
          </span>
        </button>
      </div>
      <ShortcutSheet open={sheetOpen} onClose={() => setSheetOpen(false)} />
    </div>
  );
}
