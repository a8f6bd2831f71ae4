/** Upgrade images: references parsed, the images a run pulls, pinning them by digest, the plan's `images` section and its diagnostics. Pure: no editor, no I/O. */
export * from './reference';
export * from './pinning';
export * from './upgradeImages';
export * from './edits';
export * from './diagnostics';
