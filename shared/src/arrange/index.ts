export * from './groups';
export * from './align';
export * from './find';
