/** The run of a plan, pure: its phases, the system-upgrade-controller Plans and Rook/Ceph writes, health gates, progress, journal entries and the way back. */
export * from './duration';
export * from './selector';
export * from './names';
export * from './writes';
export * from './sucWindow';
export * from './phases';
export * from './sucPlans';
export * from './gates';
export * from './progress';
export * from './journal';
export * from './cancel';
export * from './rollback';
export * from './phaseStatus';
export * from './podHealth';
export * from './windowWait';
