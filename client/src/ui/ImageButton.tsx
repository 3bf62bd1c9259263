import { IMAGE_MIME_TYPES } from '@weboard/shared';
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../lib/store';
import { useEditor } from '../editor/editor-context';
import { addImageFiles, imageNotice } from './image-input';

/** How long a notice about a refused image stays. */
const NOTICE_MS = 6000;

function ImageIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <circle cx="9" cy="10" r="1.8" />
      <path d="m21 16-5-5-9 9" />
    </svg>
  );
}

/** The toolbar's Image button: picks files and puts them on the board (editors only). */
export function ImageButton() {
  const editor = useEditor();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="tool-button"
        data-testid="toolbar-image"
        aria-label="Image"
        title="Image (or paste, or drop a file on the board)"
        onClick={() => input.current?.click()}
      >
        <ImageIcon />
      </button>
      <input
        ref={input}
        type="file"
        accept={IMAGE_MIME_TYPES.join(',')}
        multiple
        hidden
        data-testid="image-file-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          editor.setTool('select');
          void addImageFiles(editor, files);
        }}
      />
    </>
  );
}

/** A toast saying why an image was not added. */
export function ImageNotice() {
  const notice = useStore(imageNotice);
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNow(Date.now()), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice || now - notice.at >= NOTICE_MS) return null;
  return (
    <div className="toast" role="alert" data-testid="image-notice">
      {notice.message}
    </div>
  );
}
