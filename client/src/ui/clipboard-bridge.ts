/*
 * The context menu has no clipboard event to ride on, so it uses the async Clipboard API. A
 * browser may refuse it (no permission, an insecure origin); the last text we copied is then
 * still pasteable within this tab.
 */
let lastCopied: string | null = null;

/** Puts text on the system clipboard when the browser lets us; remembers it either way. */
export async function writeClipboard(text: string): Promise<void> {
  lastCopied = text;
  try {
    await navigator.clipboard?.writeText(text);
  } catch {
    // Refused: the copy stays pasteable from our own menu.
  }
}

/** The clipboard's text, or what we last copied when the browser will not tell us. */
export async function readClipboard(): Promise<string | null> {
  try {
    const text = await navigator.clipboard?.readText();
    if (text) return text;
  } catch {
    // Refused: fall back to our own copy.
  }
  return lastCopied;
}
