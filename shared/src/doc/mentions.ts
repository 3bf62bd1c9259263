/*
 * @mentions in comment text. A mention is "@" (at the start or after a character that is not a
 * letter or digit) followed by a known person's display name, which may hold spaces ("@Ada
 * Lovelace"), and then anything but a letter or digit. Names are matched without case; when two
 * names fit ("@Ann" and "@Ann Lee"), the longer one wins.
 */

const WORD = /[\p{L}\p{N}_]/u;

/** The people a text @mentions, as `people` spells them, each once, in the order they appear. */
export function parseMentions(text: string, people: readonly string[]): string[] {
  const names = [...new Set(people.map((p) => p.trim()).filter((p) => p.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  const found: string[] = [];
  const lower = text.toLocaleLowerCase();
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at > 0 && WORD.test(text[at - 1]!)) continue; // an e-mail address, not a mention
    const rest = lower.slice(at + 1);
    const name = names.find(
      (n) => rest.startsWith(n.toLocaleLowerCase()) && !WORD.test(rest[n.length] ?? ''),
    );
    if (name && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * The mention being typed at `caret`: where its "@" is and what follows it so far, or null when
 * the caret is not in one. A typed query may hold one space ("@Ada Lo") so that full names can be
 * completed.
 */
export function mentionAtCaret(
  text: string,
  caret: number,
): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && WORD.test(before[at - 1]!))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /\n/.test(query) || (query.match(/\s/g) ?? []).length > 1) return null;
  return { start: at, query };
}

/** The people whose name starts with (or has a word starting with) the query, best first. */
export function suggestMentions(query: string, people: readonly string[], limit = 6): string[] {
  const q = query.trim().toLocaleLowerCase();
  const unique = [...new Set(people.map((p) => p.trim()).filter((p) => p.length > 0))];
  const starts = unique.filter((p) => p.toLocaleLowerCase().startsWith(q));
  const words = unique.filter(
    (p) =>
      !starts.includes(p) &&
      p
        .toLocaleLowerCase()
        .split(/\s+/)
        .some((w) => w.startsWith(q)),
  );
  const byName = (a: string, b: string) => a.localeCompare(b);
  return [...starts.sort(byName), ...words.sort(byName)].slice(0, limit);
}

/** `text` with the mention typed at `start..caret` replaced by "@name ", and the caret after it. */
export function completeMention(
  text: string,
  start: number,
  caret: number,
  name: string,
): { text: string; caret: number } {
  const inserted = `@${name} `;
  return {
    text: text.slice(0, start) + inserted + text.slice(caret).replace(/^ /, ''),
    caret: start + inserted.length,
  };
}
