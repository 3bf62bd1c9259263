export * from './board-doc';
export * from './planning-doc';
export * from './backlog-io';
export * from './z-order';
export * from './fragment';
