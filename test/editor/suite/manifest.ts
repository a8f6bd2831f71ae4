// What the tests need from package.json `contributes`, read from the extension under test.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'upgrade-planner.kube-upgrade-planner';

export interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string; name: string }[]>;
    viewsContainers: { activitybar: { id: string; title: string }[] };
  };
}

/** The extension under test, activated. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) {
    throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  }
  await ext.activate();
  return ext;
}

export function manifestOf(ext: vscode.Extension<unknown>): Manifest {
  return ext.packageJSON as Manifest;
}
