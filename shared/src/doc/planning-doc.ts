/*
 * The planning side of a board document, one file per record: teams, lanes, members, votes (with
 * the vote session), frame bindings and the clearable planning fields of a card. The key names
 * live in keys.ts. This index keeps the old import path working.
 */
export * from './teams';
export * from './lanes';
export * from './members';
export * from './votes';
export * from './frame-binding';
export * from './planning-fields';
