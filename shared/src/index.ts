export * from './schema';
export * from './doc';
export * from './geometry';
export * from './planning';
export * from './protocol';
