import Konva from 'konva';
import { describe, expect, it } from 'vitest';
import { drawsNothing } from './idle-layers';

describe('drawsNothing', () => {
  it('holds for hidden nodes, empty groups and a Transformer holding no nodes', () => {
    const group = new Konva.Group();
    expect(drawsNothing(group)).toBe(true);
    const transformer = new Konva.Transformer();
    group.add(transformer);
    group.add(new Konva.Group());
    expect(drawsNothing(group)).toBe(true);
    const hidden = new Konva.Rect({ width: 10, height: 10, visible: false });
    group.add(hidden);
    expect(drawsNothing(group)).toBe(true);
  });

  it('fails as soon as anything would draw', () => {
    const group = new Konva.Group();
    const rect = new Konva.Rect({ width: 10, height: 10 });
    group.add(new Konva.Group().add(rect));
    expect(drawsNothing(group)).toBe(false);
    rect.visible(false);
    expect(drawsNothing(group)).toBe(true);
    const transformer = new Konva.Transformer();
    group.add(transformer);
    transformer.nodes([new Konva.Rect({ width: 5, height: 5 })]);
    expect(drawsNothing(group)).toBe(false);
  });
});
