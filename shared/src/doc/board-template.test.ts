import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isBacklogItem } from '../planning/backlog';
import { isFrame } from '../schema';
import { readItems } from './board-doc';
import { applyTemplate } from './board-template';
import { readLanes, readTeams } from './planning-doc';

describe('templates', () => {
  it('seeds teams, lanes and bound frames', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'program-board', [
      { id: 'pay', name: 'Payments', color: 'blue' },
      { id: 'acc', name: 'Accounts', color: 'green' },
    ]);
    expect(readTeams(doc).map((t) => t.id)).toEqual(['acc', 'pay']);
    expect(readLanes(doc).map((l) => l.id)).toEqual([
      'iteration-1',
      'iteration-2',
      'iteration-3',
      'iteration-4',
      'iteration-5',
    ]);
    const frames = readItems(doc).filter(isFrame);
    expect(frames.filter((f) => f.teamId === 'pay' && f.laneId === 'iteration-2')).toHaveLength(1);
    expect(readItems(doc).filter(isBacklogItem)).toEqual([]);
  });

  it('gives the impact / effort board the default lanes', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'impact-effort', []);
    expect(readLanes(doc).map((l) => l.id)).toEqual(['now', 'next', 'later']);
    expect(doc.getMap('lanes').size).toBe(3);
  });
});
