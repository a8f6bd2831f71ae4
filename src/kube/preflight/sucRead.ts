import { type Result, err, ok } from '../../common/result';
import type { ObjectMeta } from '../../core/cluster/apiObjects';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { UPGRADE_DEFAULTS } from '../../core/cluster/permissions';
import type { SucInstallInput } from '../../core/preflight/inputs';
import type { KubeClient } from '../client';
import { DEPLOYMENTS } from '../discovery';
import { VERSION_MAX_BYTES } from '../limits';
import type { Unread } from './readError';
import { SERVICE_ACCOUNTS, isNamespaceName, isObjectName } from './refs';

/** The service account upstream's manifests give the controller and its Plans (`system-upgrade`). */
/** The API group version of Plans; its discovery document says whether `plans` is served. */
export const PLANS_GROUP_VERSION = '/apis/upgrade.cattle.io/v1';

interface ApiResourceList {
  resources?: { name?: string }[];
}

interface SucDeployment {
  metadata?: ObjectMeta;
  spec?: { template?: { spec?: { serviceAccountName?: string; serviceAccount?: string } } };
}

/**
 * The parts of the system-upgrade-controller install the snapshot lacks, in three requests made in
 * parallel: the discovery document of `upgrade.cattle.io/v1` (every authenticated user may read it,
 * unlike the CRD itself), the controller's Deployment (for its `serviceAccountName`) and the service
 * accounts of its namespace. undefined when the snapshot found no controller to ask about.
 */
export async function readSucInstall(client: KubeClient, snapshot: Pick<ClusterSnapshot, 'components'>, signal?: AbortSignal): Promise<Result<SucInstallInput, Unread> | undefined> {
  const section = snapshot.components.systemUpgradeController;
  if (section.state !== 'ok') return undefined;
  const { namespace, name } = section.value;
  const what = 'the system-upgrade-controller\'s CRD and service account';
  if (!isNamespaceName(namespace) || !isObjectName(name)) {
    return err({ what, error: { kind: 'failed', status: undefined, message: `the Deployment's name ${JSON.stringify(`${namespace}/${name}`)} is not a Kubernetes name` } });
  }
  const [group, deployment, accounts] = await Promise.all([
    client.get<ApiResourceList>(PLANS_GROUP_VERSION, { verb: 'get', group: 'upgrade.cattle.io', resource: 'plans', maxBytes: VERSION_MAX_BYTES }, signal),
    client.list<SucDeployment>({ ...DEPLOYMENTS, namespace }, { fieldSelector: `metadata.name=${name}`, signal }),
    client.list<{ metadata?: ObjectMeta }>({ ...SERVICE_ACCOUNTS, namespace }, { signal }),
  ]);
  // A group the API server does not serve is a 404: the CRD is not installed (or not established).
  if (!group.ok && group.error.kind !== 'absent') return err({ what: 'the served APIs of upgrade.cattle.io/v1', error: group.error });
  if (!deployment.ok) return err({ what: `the Deployment ${namespace}/${name}`, error: deployment.error });
  if (!accounts.ok) return err({ what: `the service accounts of ${namespace}`, error: accounts.error });
  const podSpec = deployment.value.items[0]?.spec?.template?.spec;
  const account = podSpec?.serviceAccountName || podSpec?.serviceAccount || UPGRADE_DEFAULTS.systemUpgradeServiceAccount;
  return ok({
    plansCrd: group.ok && (group.value.resources ?? []).some((r) => r.name === 'plans'),
    serviceAccount: { namespace, name: account, exists: accounts.value.items.some((a) => a.metadata?.name === account) },
  });
}
