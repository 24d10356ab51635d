// Edits of a service's src/app.module.ts with the TypeScript AST: the AppModule every service
// writes as `ServiceKitModule.forService(AppModule, runtime, { database, messaging, features })`
// (the service generator's template and the existing services alike). A generator registers a
// feature module, a topic the service publishes or the commands topic it answers there; an edit
// already made is not made twice.
import type { StringChange, Tree } from '@nx/devkit';
import { applyChangesToString, ChangeType } from '@nx/devkit';
import ts from 'typescript';

export interface AppModuleEdit {
  /** A feature module class and the module it is imported from (`./x/x.module.js`). */
  readonly feature?: { readonly name: string; readonly from: string };
  /** A topic whose records the service publishes: `Topics.<name>` in `messaging.produces`. */
  readonly produces?: string;
  /** The commands topic the service answers: `messaging.answers: Topics.<name>`. */
  readonly answers?: string;
}

export const appModulePath = (service: string): string => `services/${service}/src/app.module.ts`;

const SHAPE =
  'ServiceKitModule.forService(AppModule, runtime, { messaging: { produces, ... }, features: [...] })';

function property(
  object: ts.ObjectLiteralExpression,
  name: string,
): ts.PropertyAssignment | undefined {
  return object.properties.find(
    (p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name,
  );
}

function forServiceOptions(source: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.getText(source) === 'ServiceKitModule.forService'
    ) {
      const options = node.arguments[2];
      if (options && ts.isObjectLiteralExpression(options)) found = options;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Inserts `item` as the last element of a list that starts at `open` (after `(` or `[`). */
function appendTo(list: ts.NodeArray<ts.Node>, open: number, item: string): StringChange {
  const last = list[list.length - 1];
  return last
    ? { type: ChangeType.Insert, index: last.getEnd(), text: `, ${item}` }
    : { type: ChangeType.Insert, index: open, text: item };
}

/** A named import of `name` from `from`, added to an existing import of that module or as a new line. */
function ensureImport(source: ts.SourceFile, name: string, from: string): StringChange[] {
  const imports = source.statements.filter(ts.isImportDeclaration);
  const same = imports.find(
    (i) =>
      ts.isStringLiteral(i.moduleSpecifier) &&
      i.moduleSpecifier.text === from &&
      !i.importClause?.isTypeOnly &&
      i.importClause?.namedBindings &&
      ts.isNamedImports(i.importClause.namedBindings),
  );
  const named = same?.importClause?.namedBindings;
  if (named && ts.isNamedImports(named)) {
    if (named.elements.some((e) => e.name.text === name)) return [];
    return [appendTo(named.elements, named.elements.pos, name)];
  }
  const relative = from.startsWith('.');
  const anchor =
    imports.findLast(
      (i) =>
        ts.isStringLiteral(i.moduleSpecifier) &&
        i.moduleSpecifier.text.startsWith('.') === relative,
    ) ?? imports[imports.length - 1];
  return [
    {
      type: ChangeType.Insert,
      index: anchor ? anchor.getEnd() : 0,
      text: `\nimport { ${name} } from '${from}';`,
    },
  ];
}

/**
 * Applies `edit` to services/<service>/src/app.module.ts; returns whether the file changed. A
 * module that is not written as SHAPE, or that answers another commands topic, is an error
 * naming the file.
 */
export function editAppModule(tree: Tree, service: string, edit: AppModuleEdit): boolean {
  const path = appModulePath(service);
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} does not exist`);
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const options = forServiceOptions(source);
  if (!options) throw new Error(`${path}: no ${SHAPE} to register in`);
  const changes: StringChange[] = [];
  const fail = (what: string): never => {
    throw new Error(`${path}: ${what} (expected ${SHAPE})`);
  };

  if (edit.feature) {
    const features = property(options, 'features')?.initializer;
    if (!features || !ts.isArrayLiteralExpression(features)) fail('no features array');
    const list = (features as ts.ArrayLiteralExpression).elements;
    if (!list.some((e) => e.getText(source) === edit.feature?.name)) {
      changes.push(appendTo(list, list.pos, edit.feature.name));
      changes.push(...ensureImport(source, edit.feature.name, edit.feature.from));
    }
  }

  if (edit.produces || edit.answers) {
    const messaging = property(options, 'messaging')?.initializer;
    if (!messaging || !ts.isObjectLiteralExpression(messaging)) return fail('no messaging object');
    if (edit.produces)
      changes.push(...addProduction(source, messaging, `Topics.${edit.produces}`, fail));
    if (edit.answers) {
      const topic = `Topics.${edit.answers}`;
      const answers = property(messaging, 'answers');
      if (!answers) {
        changes.push({
          type: ChangeType.Insert,
          index: messaging.properties.pos,
          text: `answers: ${topic},`,
        });
      } else if (answers.initializer.getText(source) !== topic) {
        fail(
          `messaging.answers is ${answers.initializer.getText(source)}, not ${topic}: a service answers one commands topic`,
        );
      }
    }
    if (changes.length > 0) changes.push(...ensureImport(source, 'Topics', '@meridian/contracts'));
  }

  if (changes.length === 0) return false;
  tree.write(path, applyChangesToString(text, changes));
  return true;
}

/** `messaging.produces` with `topic`'s records: an `allRecords(...)` argument or array element. */
function addProduction(
  source: ts.SourceFile,
  messaging: ts.ObjectLiteralExpression,
  topic: string,
  fail: (what: string) => never,
): StringChange[] {
  const produces = property(messaging, 'produces')?.initializer;
  if (!produces) return fail('no messaging.produces');
  if (ts.isCallExpression(produces) && produces.expression.getText(source) === 'allRecords') {
    if (produces.arguments.some((a) => a.getText(source) === topic)) return [];
    return [appendTo(produces.arguments, produces.arguments.pos, topic)];
  }
  if (ts.isArrayLiteralExpression(produces) && produces.elements.length === 0) {
    // A service that published nothing yet: `produces: allRecords(Topics.X)`, as services write it.
    const start = produces.getStart(source);
    return [
      { type: ChangeType.Delete, start, length: produces.getEnd() - start },
      { type: ChangeType.Insert, index: start, text: `allRecords(${topic})` },
      ...ensureImport(source, 'allRecords', '@meridian/service-kit'),
    ];
  }
  if (ts.isArrayLiteralExpression(produces)) {
    const mentioned = (node: ts.Node): boolean =>
      node.getText(source) === topic ||
      ts.forEachChild(node, (child) => mentioned(child) || undefined) === true;
    if (produces.elements.some(mentioned)) return [];
    return [
      appendTo(produces.elements, produces.elements.pos, `...allRecords(${topic})`),
      ...ensureImport(source, 'allRecords', '@meridian/service-kit'),
    ];
  }
  return fail('messaging.produces is neither allRecords(...) nor an array');
}
