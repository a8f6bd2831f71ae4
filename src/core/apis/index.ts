export * from './types';
export * from './lifecycle';
export * from './findings';
export * from './scanManifests';
export * from './helmRelease';
