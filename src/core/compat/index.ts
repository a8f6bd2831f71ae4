/** Pure rule tables and predicates: Kubernetes version skew, Rook ↔ Kubernetes ↔ Ceph support. */
export * from './verdict';
export * from './skew';
export * from './rook';
