import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import type { Result } from '../common/result';
import { resolveKubeconfigFiles } from '../kube/kubeconfig';
import { type KubeconfigLoad, loadKubeconfig } from '../kube/contexts';

/** Fetches and caches what the Clusters view shows; the tree provider only maps it to nodes. */
export class ClustersModel extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private state: Promise<Result<KubeconfigLoad>> | undefined;

  constructor(private readonly log: Logger) {
    super();
  }

  load(): Promise<Result<KubeconfigLoad>> {
    if (!this.state) {
      const setting = vscode.workspace.getConfiguration('upgradePlanner').get<string>('kubeconfig');
      const source = resolveKubeconfigFiles(setting);
      this.log.debug(`Reading kubeconfig from ${source.origin}: ${source.files.join(', ')}`);
      this.state = loadKubeconfig(source).then(async (r) => {
        const none = r.ok && r.value.kind === 'none';
        await vscode.commands.executeCommand('setContext', 'upgradePlanner.noKubeconfig', none);
        if (!r.ok) {
          this.log.error(r.error);
        }
        return r;
      });
    }
    return this.state;
  }

  refresh(): void {
    this.state = undefined;
    this.changed.fire();
  }
}
