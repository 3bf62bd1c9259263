export * from './schema';
export * from './doc';
export * from './planning';
export * from './protocol';
