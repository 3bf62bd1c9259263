/**
 * The board page's panels: planning, facilitation and comments (their buttons in the title bar,
 * their side panels, the team picker, the session's timer and agenda, comment pins). About a fifth
 * of the board page's code, none of it needed to draw the board: loaded after the first frame
 * (panels.ts), so opening a board parses, runs and mounts less script before it is drawn.
 */
export { PlanningUi } from '../planning/PlanningUi';
export { Facilitation } from '../facilitation/Facilitation';
export { Comments } from '../comments/Comments';
