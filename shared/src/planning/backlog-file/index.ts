export * from './cells';
export * from './columns';
export * from './csv-text';
export * from './export';
export * from './rows';
export * from './read';
