/*
 * Konva as the board uses it: the core and the shapes we draw, registered on the core's object as
 * the full build does, without the filters and the ten shapes nothing here draws (a seventh of the
 * board's code, all of it evaluated before the first frame). vite.config.ts points every import
 * of `konva` at this module, react-konva's included; types still come from `konva`. Drawing a
 * shape not listed here fails loudly (react-konva: "Konva has no node with the type …").
 */
import Konva from 'konva/lib/Core';
import 'konva/lib/shapes/Arrow';
import 'konva/lib/shapes/Ellipse';
import 'konva/lib/shapes/Image';
import 'konva/lib/shapes/Label';
import 'konva/lib/shapes/Line';
import 'konva/lib/shapes/Rect';
import 'konva/lib/shapes/Text';
import 'konva/lib/shapes/Transformer';

export default Konva;
export { Konva };
