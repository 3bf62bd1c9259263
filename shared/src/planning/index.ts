export * from './rank';
export * from './rank-ops';
export * from './dependencies';
