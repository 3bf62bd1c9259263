export * from './rank';
export * from './rank-ops';
