export * from './status';
export * from './history';
export * from './usage';
export * from './discovery';
export * from './card';
export * from './template';
export * from './drift';
