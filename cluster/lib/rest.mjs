// A minimal JSON client for the harness (seeding, waiting, RBAC setup): bearer token + the API server's own CA,
// keep-alive sockets, and discovery of kind → resource so any manifest can be created by its apiVersion/kind.
import https from 'node:https';

export class HttpError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} → ${status}: ${typeof body === 'object' && body?.message ? body.message : String(body).slice(0, 300)}`);
    this.status = status;
    this.body = body;
  }
}

export class Rest {
  /** @param {{ server: string, token: string, ca?: string|Buffer, maxSockets?: number }} o */
  constructor({ server, token, ca, maxSockets = 16 }) {
    this.url = new URL(server);
    this.token = token;
    this.agent = new https.Agent({ ca, rejectUnauthorized: Boolean(ca), keepAlive: true, maxSockets });
    this.resources = new Map(); // "group/version" → Map(kind → { name, namespaced, subresources:Set })
  }

  close() {
    this.agent.destroy();
  }

  request(method, path, body, { contentType = 'application/json', timeoutMs = 30000 } = {}) {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = https.request(
        {
          host: this.url.hostname,
          port: this.url.port,
          path,
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            ...(data !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* plain-text body (e.g. /readyz) */
            }
            if (res.statusCode >= 200 && res.statusCode < 300) resolve(parsed);
            else reject(new HttpError(method, path, res.statusCode, parsed));
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  get(path) {
    return this.request('GET', path);
  }

  /** Discovery for one group/version, cached. */
  async resourcesFor(apiVersion, { refresh = false } = {}) {
    if (!refresh && this.resources.has(apiVersion)) return this.resources.get(apiVersion);
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = await this.get(path);
    const byKind = new Map();
    for (const r of list.resources) {
      const [name, sub] = r.name.split('/');
      if (!sub) {
        if (!byKind.has(r.kind)) byKind.set(r.kind, { name, namespaced: r.namespaced, subresources: new Set() });
      }
    }
    for (const r of list.resources) {
      const [name, sub] = r.name.split('/');
      if (sub) for (const v of byKind.values()) if (v.name === name) v.subresources.add(sub);
    }
    this.resources.set(apiVersion, byKind);
    return byKind;
  }

  async resourcePath(obj, { name = false } = {}) {
    const { apiVersion, kind } = obj;
    let info = (await this.resourcesFor(apiVersion)).get(kind);
    if (!info) info = (await this.resourcesFor(apiVersion, { refresh: true })).get(kind);
    if (!info) throw new Error(`no resource for ${apiVersion} ${kind}`);
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = info.namespaced ? `/namespaces/${obj.metadata.namespace || 'default'}` : '';
    return { path: `${base}${ns}/${info.name}${name ? `/${obj.metadata.name}` : ''}`, info };
  }

  /**
   * Creates an object; when the manifest carries a status and the resource has a status subresource
   * (so the create dropped it), writes the status through /status.
   */
  async create(obj) {
    const { path, info } = await this.resourcePath(obj);
    const created = await this.request('POST', path, obj);
    // The API server keeps a Node's status on create; for other kinds with a status subresource, write it.
    if (obj.status && info.subresources.has('status') && obj.kind !== 'Node') {
      const { path: objPath } = await this.resourcePath(obj, { name: true });
      let current = created;
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.request('PUT', `${objPath}/status`, { ...current, status: obj.status });
        } catch (e) {
          if (e.status !== 409 || attempt >= 5) throw e;
          current = await this.get(objPath);
        }
      }
    }
    return created;
  }
}

/** Runs fn over items with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  let i = 0;
  const errors = [];
  const worker = async () => {
    while (i < items.length) {
      const item = items[i++];
      try {
        await fn(item);
      } catch (e) {
        errors.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length) {
    const e = new Error(`${errors.length} of ${items.length} failed; first: ${errors[0].message}`);
    e.errors = errors;
    throw e;
  }
}

/** Polls check() until it returns a truthy value or timeoutMs passes. */
export async function waitFor(what, check, { timeoutMs = 60000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
