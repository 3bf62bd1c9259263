export * from './board-doc';
export * from './planning-doc';
export * from './backlog-io';
