export * from './kube';
export * from './rook';
export * from './ceph';
export * from './minorLine';
export * from './minorOf';
