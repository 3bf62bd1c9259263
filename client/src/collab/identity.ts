/** Who you are on every board of this browser: a stable random id, a colour and a display name. */

const USER_ID_KEY = 'weboard.userId';
const NAME_KEY = 'weboard.displayName';

/** Strong, distinguishable colours for cursors and presence (note colours are the pastel PALETTE). */
export const PRESENCE_COLORS = [
  '#e03131',
  '#d6336c',
  '#ae3ec9',
  '#7048e8',
  '#4263eb',
  '#1c7ed6',
  '#0c8599',
  '#099268',
  '#2f9e44',
  '#e8590c',
  '#f08c00',
] as const;

function randomId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A stable random id for this browser, created on first use. */
export function userId(): string {
  let id = safeGet(USER_ID_KEY);
  if (!id) {
    id = randomId();
    safeSet(USER_ID_KEY, id);
  }
  return id;
}

/** The presence colour derived from an id, the same on every visit. */
export function colorFor(id: string): string {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length]!;
}

export function loadDisplayName(): string | null {
  const name = safeGet(NAME_KEY)?.trim();
  return name ? name : null;
}

export function saveDisplayName(name: string): void {
  safeSet(NAME_KEY, name.trim());
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode or full storage: the value simply lives for this page only.
  }
}
