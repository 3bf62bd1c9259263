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
  '#862e9c',
  '#1864ab',
  '#5c940d',
  '#a61e4d',
  '#495057',
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

/** Another person's colour, as presence tells it. */
export interface ColorInUse {
  clientId: number;
  color: string;
}

/**
 * A colour to change to so that cursors on one board are told apart, or null to keep `own`. Only
 * the later of two people sharing a colour (higher client id) moves, and only to a colour fewer
 * people wear than `own`, so a room settles: each move lowers the number of clashes. With more
 * people than colours, colours are shared as evenly as they can be.
 */
export function distinctColor(
  own: string,
  ownClientId: number,
  others: readonly ColorInUse[],
): string | null {
  if (!others.some((other) => other.color === own && other.clientId < ownClientId)) return null;
  const uses = new Map<string, number>();
  for (const other of others) uses.set(other.color, (uses.get(other.color) ?? 0) + 1);
  const ownUses = uses.get(own) ?? 0;
  // Start the search at our own colour's place, so people who clash at once pick different ones.
  const start = Math.max(0, PRESENCE_COLORS.indexOf(own as (typeof PRESENCE_COLORS)[number]));
  let best: string | null = null;
  let bestUses = ownUses;
  for (let i = 1; i <= PRESENCE_COLORS.length; i++) {
    const color =
      PRESENCE_COLORS[
        (start + i + (ownClientId % PRESENCE_COLORS.length)) % PRESENCE_COLORS.length
      ]!;
    const n = uses.get(color) ?? 0;
    if (n < bestUses) {
      best = color;
      bestUses = n;
    }
  }
  return best;
}

const SECRET_KEY = 'weboard.voterSecret';

/**
 * A secret only this browser knows: it proves to the server that our user id is ours (hidden
 * votes send it with each ballot, the sync connection when it opens: see PERSON_SECRET_PARAM).
 */
export function voterSecret(): string {
  try {
    const saved = localStorage.getItem(SECRET_KEY);
    if (saved) return saved;
  } catch {
    // Private mode: a secret for this page only.
  }
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  const secret = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    localStorage.setItem(SECRET_KEY, secret);
  } catch {
    // As above.
  }
  return secret;
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
