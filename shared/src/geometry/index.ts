export * from './box';
export * from './outline';
export * from './connector-route';
export * from './hit';
