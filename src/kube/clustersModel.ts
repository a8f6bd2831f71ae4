import type { KubeConfig } from '@kubernetes/client-node';
import { Debouncer, KeyedDebouncer } from '../common/debounce';
import { Emitter } from '../common/events';
import { Disposable, type IDisposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { type Result, errorMessage } from '../common/result';
import { type ApiError, describeApiError } from '../core/cluster/errors';
import { type UpgradeAccess, summarizeUpgradeAccess, upgradePermissions } from '../core/cluster/permissions';
import type { ClusterSnapshot, NodeSummary, SnapshotResult } from '../core/cluster/snapshot';
import { sortNodes } from '../core/cluster/summaries';
import { reviewAccess } from './accessReview';
import type { KubeClient } from './client';
import type { KubeconfigLoad } from './contexts';
import type { KubeconfigSource } from './kubeconfig';
import { type WatchPacing, watchNodes } from './nodeWatch';

/** What the model needs from the Kubernetes layer (kube/kubeLayer.ts); fakes in tests. */
export interface ClusterSource {
  loadKubeconfig(source: KubeconfigSource): Promise<Result<KubeconfigLoad>>;
  connect(kc: KubeConfig, context: string): Promise<{ client: KubeClient }>;
  discover(client: KubeClient, target: { context: string; server: string | undefined }, signal?: AbortSignal): Promise<SnapshotResult>;
  setCurrentContext(source: KubeconfigSource, context: string): Promise<Result<string>>;
}

/** Watches files for changes (the editor's file watcher in the extension; none in tests). */
export type FileWatcher = (files: readonly string[], onChange: () => void) => IDisposable;

export interface ClustersModelOptions {
  /** Kubeconfig files are watched, not polled: a change re-reads the kubeconfig and the clusters. */
  readonly watchFiles?: FileWatcher;
  readonly pacing?: WatchPacing;
}

interface Entry {
  readonly abort: AbortController;
  client?: Promise<KubeClient>;
  result?: Promise<SnapshotResult>;
  /** The last settled result, for synchronous readers (status bar). */
  settled?: SnapshotResult;
  /** Nodes as the watch keeps them, by name. */
  nodes?: Map<string, NodeSummary>;
  watching?: boolean;
  /** What the credentials may do for an upgrade run, asked once per successful read. */
  access?: Result<UpgradeAccess, ApiError>;
  /** Marks the read whose access reviews may fill `access` (kept when the entry is copied by setWatching). */
  accessRead?: symbol;
}

/** Quiet time before acting on a burst: kubeconfig writes, Retry clicks, node watch events. */
const KUBECONFIG_DEBOUNCE_MS = 300;
const RETRY_DEBOUNCE_MS = 150;
const NODES_DEBOUNCE_MS = 250;

/**
 * The extension's one cluster state: the merged kubeconfig and one cached snapshot per cluster, with
 * targeted change events. The explorer, the status bar, plan editing and the commands all read it;
 * none of them reads a cluster on its own. While nodes are watched (the view is visible), a watch on
 * nodes per loaded cluster keeps each snapshot's nodes live.
 */
export class ClustersModel extends Disposable {
  private readonly allChanged = this.register(new Emitter<void>());
  private readonly clusterChanged = this.register(new Emitter<string>());
  private readonly nodesChanged = this.register(new Emitter<string>());
  private readonly clusterRead = this.register(new Emitter<string>());
  private readonly kubeconfigLoaded = this.register(new Emitter<Result<KubeconfigLoad>>());
  /** Everything changed: the kubeconfig was re-read. */
  readonly onDidChange = this.allChanged.event;
  /** One cluster's snapshot was dropped and will be re-read. */
  readonly onDidChangeCluster = this.clusterChanged.event;
  /** One cluster's nodes changed (watch events, debounced). */
  readonly onDidChangeNodes = this.nodesChanged.event;
  /** A read of one cluster settled (success or failure). */
  readonly onDidRead = this.clusterRead.event;
  /** The kubeconfig was read (a failure, no kubeconfig, or its contexts). */
  readonly onDidLoadKubeconfig = this.kubeconfigLoaded.event;

  private kubeconfig: Promise<Result<KubeconfigLoad>> | undefined;
  private entries = new Map<string, Entry>();
  private watchWanted = false;
  private watched: { readonly key: string; readonly handle: IDisposable } | undefined;
  private readonly refreshDebounce = this.register(new KeyedDebouncer<string>(RETRY_DEBOUNCE_MS, (ctx) => this.dropCluster(ctx)));
  private readonly nodesDebounce = this.register(new KeyedDebouncer<string>(NODES_DEBOUNCE_MS, (ctx) => this.publishNodes(ctx)));
  private readonly kubeconfigDebounce = this.register(new Debouncer(KUBECONFIG_DEBOUNCE_MS, () => this.refresh()));

  constructor(
    private readonly source: () => KubeconfigSource,
    private readonly layer: () => Promise<ClusterSource>,
    private readonly log: Logger,
    private readonly options: ClustersModelOptions = {},
  ) {
    super();
    this.register({ dispose: () => this.watched?.handle.dispose() });
    this.register({ dispose: () => this.dropAll() });
    this.watchSource();
  }

  /** Which kubeconfig files apply now (the setting, KUBECONFIG, or ~/.kube/config). */
  kubeconfigSource(): KubeconfigSource {
    return this.source();
  }

  /** The merged kubeconfig, read once until refresh(). */
  load(): Promise<Result<KubeconfigLoad>> {
    if (!this.kubeconfig) {
      const source = this.source();
      this.log.debug(`Reading kubeconfig from ${source.origin}: ${source.files.join(', ')}`);
      this.kubeconfig = this.layer()
        .then((l) => l.loadKubeconfig(source))
        .catch((e: unknown): Result<KubeconfigLoad> => ({ ok: false, error: errorMessage(e) }))
        .then((r) => {
          if (!r.ok) this.log.error(r.error);
          this.kubeconfigLoaded.fire(r);
          return r;
        });
    }
    return this.kubeconfig;
  }

  /** The cached snapshot of a context, read on first ask. */
  snapshot(context: string): Promise<SnapshotResult> {
    const entry = this.entry(context);
    entry.result ??= this.read(context, entry);
    return entry.result;
  }

  /** The last settled snapshot, without starting a read. */
  peek(context: string): SnapshotResult | undefined {
    return this.entries.get(context)?.settled;
  }

  /**
   * Whether the context's credentials can run upgrades (SelfSubjectAccessReviews asked after the
   * last successful read, before onDidRead fires); undefined before a read or after a failed one.
   */
  upgradeAccess(context: string): Result<UpgradeAccess, ApiError> | undefined {
    return this.entries.get(context)?.access;
  }

  /**
   * A fresh read of one context for an action on a plan (preflight, backups, a run): the context's
   * client (shared with the explorer's reads) and a snapshot read now, never the cached one. The
   * explorer then shows this read, so both show the same state.
   */
  async readLive(context: string, signal?: AbortSignal): Promise<Result<{ readonly client: KubeClient; readonly snapshot: ClusterSnapshot }>> {
    const kc = await this.load();
    if (!kc.ok) return kc;
    if (kc.value.kind !== 'loaded') return { ok: false, error: 'No kubeconfig found.' };
    const info = kc.value.contexts.find((c) => c.name === context);
    if (!info) return { ok: false, error: `There is no context "${context}" in the kubeconfig (${this.source().files.join(', ')}).` };
    try {
      const layer = await this.layer();
      const entry = this.entry(context);
      entry.client ??= layer.connect(kc.value.kubeConfig, context).then((c) => c.client);
      const client = await entry.client;
      const read = await layer.discover(client, { context, server: info.server }, signal);
      if (!read.ok) return { ok: false, error: `Could not read context "${context}": ${describeApiError(read.error)} — ${read.error.message}` };
      // The explorer shows this read (the freshest); its client stays open for the action that asked.
      const current = this.entries.get(context);
      if (current === entry) {
        entry.result = Promise.resolve(read);
        entry.settled = read;
        this.clusterChanged.fire(context);
      }
      return { ok: true, value: { client, snapshot: read.value } };
    } catch (e) {
      const entry = this.entries.get(context);
      if (entry) entry.client = undefined;
      return { ok: false, error: `Could not connect to context "${context}": ${errorMessage(e)}` };
    }
  }

  /** Re-reads the kubeconfig (from the files that apply now) and every cluster. */
  refresh(): void {
    this.kubeconfigDebounce.cancel();
    this.kubeconfig = undefined;
    this.dropAll();
    this.watchSource();
    this.allChanged.fire();
  }

  /** Re-reads one cluster (debounced: a burst of retries costs one read). */
  refreshCluster(context: string): void {
    this.refreshDebounce.schedule(context);
  }

  /** "Use Context": writes current-context as kubectl does, then re-reads the kubeconfig. */
  async useContext(context: string): Promise<Result<string>> {
    const layer = await this.layer();
    const r = await layer.setCurrentContext(this.source(), context);
    if (r.ok) {
      this.log.info(`Current context set to ${context} in ${r.value}`);
      // Only the marker moved: keep the cached snapshots, re-read the kubeconfig.
      this.kubeconfig = undefined;
      this.allChanged.fire();
    }
    return r;
  }

  /** Watch nodes of loaded clusters while someone shows them (the view is visible); stop when not. */
  setWatching(visible: boolean): void {
    this.watchWanted = visible;
    for (const [context, entry] of this.entries) {
      if (visible) this.startWatch(context, entry);
    }
    if (!visible) {
      // Dropping the abort controllers would lose cached snapshots; a hidden view keeps them but stops watches.
      for (const [context, entry] of this.entries) {
        if (entry.watching) {
          entry.abort.abort();
          this.entries.set(context, { ...entry, abort: new AbortController(), watching: false });
        }
      }
    }
  }

  /** (Re)watches the kubeconfig files when the list of files changed (a setting, say). */
  private watchSource(): void {
    const watch = this.options.watchFiles;
    if (!watch) return;
    const files = this.source().files;
    const key = files.join('\n');
    if (this.watched?.key === key) return;
    this.watched?.handle.dispose();
    this.watched = { key, handle: watch(files, () => this.kubeconfigDebounce.schedule()) };
  }

  private entry(context: string): Entry {
    let e = this.entries.get(context);
    if (!e) {
      e = { abort: new AbortController() };
      this.entries.set(context, e);
    }
    return e;
  }

  private async read(context: string, entry: Entry): Promise<SnapshotResult> {
    const started = Date.now();
    const result = await this.readOnce(context, entry);
    // The entry may have been replaced (refresh) while reading: only the current one caches.
    const current = this.entries.get(context);
    if (current) current.settled = result;
    if (result.ok) {
      this.log.info(`${context}: read in ${Date.now() - started} ms`);
      if (current && result.value.nodes.state === 'ok') {
        current.nodes = new Map(result.value.nodes.value.map((n) => [n.name, n]));
        if (this.watchWanted) this.startWatch(context, current);
      }
      await this.readAccess(context, entry, result.value.components);
    } else {
      // A failure stays cached until Retry (refreshCluster), so that re-rendering never loops on reads.
      this.log.warn(`${context}: ${describeApiError(result.error)} — ${result.error.message}`);
    }
    if (current?.result) this.clusterRead.fire(context);
    return result;
  }

  private async readOnce(context: string, entry: Entry): Promise<SnapshotResult> {
    const kc = await this.load();
    if (!kc.ok || kc.value.kind !== 'loaded') {
      return { ok: false, error: { kind: 'failed', status: undefined, message: kc.ok ? 'no kubeconfig' : kc.error } };
    }
    const info = kc.value.contexts.find((c) => c.name === context);
    if (!info) {
      return { ok: false, error: { kind: 'failed', status: undefined, message: `no context ${context} in the kubeconfig` } };
    }
    try {
      const layer = await this.layer();
      entry.client ??= layer.connect(kc.value.kubeConfig, context).then((c) => c.client);
      const client = await entry.client;
      return await layer.discover(client, { context, server: info.server }, entry.abort.signal);
    } catch (e) {
      entry.client = undefined;
      return { ok: false, error: { kind: 'failed', status: undefined, message: errorMessage(e) } };
    }
  }

  /**
   * ~10 small POSTs, once per successful read (never at activation: only a read starts them). Not tied
   * to the entry's abort signal, which hiding the view also fires; the reviews' own deadline bounds
   * them, and a result lands only on the entry of the read that asked.
   */
  private async readAccess(context: string, entry: Entry, components: ClusterSnapshot['components']): Promise<void> {
    const client = await entry.client?.catch(() => undefined);
    if (!client) return;
    const read = Symbol(context);
    entry.accessRead = read;
    const started = Date.now();
    const r = await reviewAccess(client, upgradePermissions(components));
    const access: Result<UpgradeAccess, ApiError> = r.ok ? { ok: true, value: summarizeUpgradeAccess(r.value) } : r;
    const current = this.entries.get(context);
    if (current?.accessRead !== read) return;
    current.access = access;
    if (access.ok) this.log.info(`${context}: ${access.value.sentence} (${access.value.asked} access reviews in ${Date.now() - started} ms)`);
    else this.log.warn(`${context}: permissions not checked: ${describeApiError(access.error)} — ${access.error.message}`);
  }

  private startWatch(context: string, entry: Entry): void {
    const snap = entry.settled;
    const { client, nodes } = entry;
    if (entry.watching || !client || !nodes || !snap?.ok || snap.value.nodes.state !== 'ok') return;
    entry.watching = true;
    const { pacing } = this.options;
    const watch = client.then((c) =>
      watchNodes({
        context,
        client: c,
        resourceVersion: snap.value.nodesResourceVersion,
        apiServerVersion: snap.value.apiServerVersion,
        nodes,
        signal: entry.abort.signal,
        log: this.log,
        onChange: () => this.nodesDebounce.schedule(context),
        onExpired: () => {
          // Too old a resourceVersion: relist through a fresh snapshot, which starts its own watch.
          entry.watching = false;
          this.refreshCluster(context);
        },
        ...(pacing ? { pacing } : {}),
      }),
    );
    watch.catch((e: unknown) => this.log.warn(`${context}: node watch failed: ${errorMessage(e)}`));
  }

  private publishNodes(context: string): void {
    const entry = this.entries.get(context);
    const snap = entry?.settled;
    if (!entry?.nodes || !snap?.ok) return;
    const next: SnapshotResult = { ok: true, value: { ...snap.value, nodes: { state: 'ok', value: sortNodes([...entry.nodes.values()]) } } };
    entry.settled = next;
    entry.result = Promise.resolve(next);
    this.nodesChanged.fire(context);
  }

  private dropCluster(context: string): void {
    const e = this.entries.get(context);
    e?.abort.abort();
    // Keep a connection that worked (its agent's sockets); after a failure, connect afresh
    // (credentials from an exec plugin may have expired: 401).
    // A client not read through yet (an action's readLive) is in use: keep it too.
    const keep = e?.settled?.ok !== false ? e?.client : undefined;
    if (e?.client && !keep) void e.client.then((c) => c.dispose(), () => undefined);
    this.entries.set(context, { abort: new AbortController(), ...(keep ? { client: keep } : {}) });
    this.clusterChanged.fire(context);
  }

  private dropAll(): void {
    for (const e of this.entries.values()) {
      e.abort.abort();
      void e.client?.then((c) => c.dispose(), () => undefined);
    }
    this.entries.clear();
  }
}
