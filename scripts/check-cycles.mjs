#!/usr/bin/env node
// Fails when src/ has an import cycle (issue 9: none may come back). Static imports, `import type` and
// require('./x') count. Usage: node scripts/check-cycles.mjs [root=src] [--values-only]. Run by the static tier.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
const require = createRequire(path.resolve('package.json'));
const ts = require('typescript');
const root = path.resolve(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'src');
const valuesOnly = process.argv.includes('--values-only');
const files = [];
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(p); } })(root);
function resolve(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base + '.ts', path.join(base, 'index.ts'), base]) if (c.endsWith('.ts') && fs.existsSync(c)) return c;
  return undefined;
}
const graph = new Map();
for (const f of files) {
  const sf = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true);
  const deps = new Set();
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(n) ? n.importClause?.isTypeOnly || (n.importClause?.namedBindings && ts.isNamedImports(n.importClause.namedBindings) && !n.importClause.name && n.importClause.namedBindings.elements.length > 0 && n.importClause.namedBindings.elements.every((e) => e.isTypeOnly)) : n.isTypeOnly;
      if (!(valuesOnly && typeOnly)) { const r = resolve(f, n.moduleSpecifier.text); if (r) deps.add(r); }
    } else if (ts.isCallExpression(n) && n.expression.getText() === 'require' && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      const r = resolve(f, n.arguments[0].text); if (r) deps.add(r);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal) && !valuesOnly) {
      const r = resolve(f, n.argument.literal.text); if (r) deps.add(r);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  graph.set(f, [...deps]);
}
// Tarjan's strongly connected components: every component of more than one file (or a self-import) is a cycle.
let index = 0; const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
function strong(v) {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) { const c = []; let w; do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v); if (c.length > 1 || (graph.get(v) ?? []).includes(v)) sccs.push(c); }
}
for (const v of graph.keys()) if (!idx.has(v)) strong(v);
const rel = (p) => path.relative(process.cwd(), p);
console.log(`${files.length} files, ${[...graph.values()].reduce((a, d) => a + d.length, 0)} imports${valuesOnly ? ' (value imports only)' : ' (type imports included)'}`);
if (!sccs.length) { console.log('no import cycles'); process.exit(0); }
for (const c of sccs) console.log(`cycle among ${c.length} files:\n  ${c.map(rel).sort().join('\n  ')}`);
process.exit(1);
