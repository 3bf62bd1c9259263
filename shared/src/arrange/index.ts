export * from './groups';
export * from './align';
