import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, manifestOf } from './manifest';

describe('Clusters view', () => {
  it('is contributed to the Upgrade Planner activity-bar container', async () => {
    const manifest = manifestOf(await activeExtension());
    assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === 'upgradePlanner'));
    assert.deepEqual(
      manifest.contributes.views.upgradePlanner?.map((v) => [v.id, v.name]),
      [['upgradePlanner.clusters', 'Clusters'], ['upgradePlanner.checklist', 'Checklist'], ['upgradePlanner.preflight', 'Preflight'], ['upgradePlanner.run', 'Run']],
    );
  });

  it('opens: the container and the view can be focused', async () => {
    await activeExtension();
    // Both commands exist only when the workbench has registered the container and the view.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('workbench.view.extension.upgradePlanner'), 'no command for the Upgrade Planner container');
    assert.ok(commands.includes('upgradePlanner.clusters.focus'), 'no focus command for the Clusters view');
    await vscode.commands.executeCommand('workbench.view.extension.upgradePlanner');
    await vscode.commands.executeCommand('upgradePlanner.clusters.focus');
  });
});
