export * from './board-doc';
