import { describe, expect, it } from 'vitest';
import { completeMention, mentionAtCaret, parseMentions, suggestMentions } from './mentions';

const people = ['Bob', 'Ann', 'Ann Lee', 'Zoë Kraus'];

describe('@mentions', () => {
  it('finds the people named, longest name first, each once, not in e-mail addresses', () => {
    expect(parseMentions('@bob can you ask @Ann Lee? cc @ann, @Bob', people)).toEqual([
      'Bob',
      'Ann Lee',
      'Ann',
    ]);
    expect(parseMentions('mail bob@example.com or @Bobby', people)).toEqual([]);
    expect(parseMentions('(@zoë kraus)', people)).toEqual(['Zoë Kraus']);
    expect(parseMentions('@ alone and @', people)).toEqual([]);
  });

  it('knows the mention being typed at the caret', () => {
    expect(mentionAtCaret('Hi @An', 6)).toEqual({ start: 3, query: 'An' });
    expect(mentionAtCaret('Hi @Ann L', 9)).toEqual({ start: 3, query: 'Ann L' });
    expect(mentionAtCaret('Hi @Ann Lee and', 15)).toBeNull();
    expect(mentionAtCaret('a@b', 3)).toBeNull();
    expect(mentionAtCaret('no mention', 5)).toBeNull();
  });

  it('suggests names that start with the query, then names with a word that does', () => {
    expect(suggestMentions('an', people)).toEqual(['Ann', 'Ann Lee']);
    expect(suggestMentions('kr', people)).toEqual(['Zoë Kraus']);
    expect(suggestMentions('', people, 2)).toEqual(['Ann', 'Ann Lee']);
  });

  it('completes the typed mention with the chosen name', () => {
    expect(completeMention('Hi @an please', 3, 6, 'Ann Lee')).toEqual({
      text: 'Hi @Ann Lee please',
      caret: 12,
    });
  });
});
