import planSchema from '../../../schemas/upgrade-plan.schema.json';

/** A JSON Schema node, as far as completion and hover read it. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly examples?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaNode | boolean>>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly allOf?: readonly SchemaNode[];
  readonly minimum?: number;
  readonly maximum?: number;
}

export const PLAN_SCHEMA = planSchema as unknown as SchemaNode & { $defs: Record<string, SchemaNode> };

/** Follows `$ref` (local only) and merges `allOf` and sibling keywords into one node. */
export function resolveSchema(node: SchemaNode | boolean | undefined, depth = 0): SchemaNode | undefined {
  if (node === undefined || typeof node === 'boolean' || depth > 10) return undefined;
  let merged: SchemaNode = node;
  if (node.$ref?.startsWith('#/$defs/')) {
    const target = resolveSchema(PLAN_SCHEMA.$defs[node.$ref.slice('#/$defs/'.length)], depth + 1);
    if (target) {
      const { $ref: _ref, ...rest } = node;
      merged = {
        ...target,
        ...rest,
        properties: { ...target.properties, ...rest.properties },
        required: [...(target.required ?? []), ...(rest.required ?? [])],
      };
    }
  }
  for (const part of node.allOf ?? []) {
    const r = resolveSchema(part, depth + 1);
    if (r) merged = { ...r, ...merged, properties: { ...r.properties, ...merged.properties } };
  }
  return merged;
}

/** The schema of the value at path, or undefined when the path leaves the schema. */
export function schemaAt(path: readonly (string | number)[]): SchemaNode | undefined {
  let node = resolveSchema(PLAN_SCHEMA);
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') {
      node = resolveSchema(node.items);
    } else {
      const prop = node.properties?.[seg];
      node = resolveSchema(prop !== undefined && prop !== true ? prop : node.additionalProperties);
    }
  }
  return node;
}

/** The schema's own properties at path (the keys completion offers), with their resolved schemas. */
export function propertiesAt(path: readonly (string | number)[]): { name: string; schema: SchemaNode; required: boolean }[] {
  const node = schemaAt(path);
  if (!node?.properties) return [];
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties)
    .map(([name, s]) => ({ name, schema: resolveSchema(s), required: required.has(name) }))
    .filter((p): p is { name: string; schema: SchemaNode; required: boolean } => p.schema !== undefined);
}

export function typeOf(node: SchemaNode): string | undefined {
  if (typeof node.type === 'string') return node.type;
  if (node.type) return node.type[0];
  if (node.properties) return 'object';
  if (node.items) return 'array';
  return undefined;
}
