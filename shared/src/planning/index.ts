export * from './rank';
export * from './rank-ops';
export * from './dependencies';
export * from './votes';
export * from './scoring';
export * from './backlog-csv';
export * from './templates';
export * from './backlog';
