export * from './schema';
export * from './doc';
export * from './geometry';
export * from './arrange';
export * from './planning';
export * from './protocol';
