import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Packages the domain never imports: SDKs, HTTP frameworks, the Lambda runtime, I/O. */
const FORBIDDEN_PACKAGES: readonly RegExp[] = [
  /^@aws-sdk\//,
  /^@aws-lambda-powertools\//,
  /^aws-lambda$/,
  /^hono(\/|$)/,
  /^@hono\//,
  /^(node:)?(process|fs|fs\/promises|child_process|net|http|https|worker_threads)$/,
];

export type Violation = { readonly file: string; readonly line: number; readonly what: string };

/**
 * What makes one domain source impure: an import that leaves the domain folder (adapters:
 * shared/store, shared/queue, functions/, local/, …) or a forbidden package, reading
 * `process.env`, asking the clock (`Date.now()`, `new Date()` with no argument) or chance
 * (`Math.random()`, `randomUUID()`). Parsed with the TypeScript compiler, so comments and
 * strings that merely mention these never count.
 */
export const domainViolations = (file: string, source: string, domainRoot: string): Violation[] => {
  const found: Violation[] = [];
  const ast = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const report = (node: ts.Node, what: string) =>
    found.push({
      file,
      line: ast.getLineAndCharacterOfPosition(node.getStart(ast)).line + 1,
      what,
    });
  const checkSpecifier = (node: ts.Node, specifier: string) => {
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier);
      const inside = relative(domainRoot, target);
      if (inside.startsWith('..') || inside.startsWith(sep)) {
        report(node, `imports ${specifier}, outside the domain`);
      }
    } else if (FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier))) {
      report(node, `imports ${specifier}`);
    }
  };
  const isIdentifier = (node: ts.Node, name: string) => ts.isIdentifier(node) && node.text === name;

  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      checkSpecifier(node, node.moduleSpecifier.text);
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) checkSpecifier(node, expression.text);
    }
    if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      const loads =
        node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        isIdentifier(node.expression, 'require');
      if (loads && first && ts.isStringLiteralLike(first)) checkSpecifier(node, first.text);
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = ts.isPropertyAccessExpression(node)
        ? node.name.text
        : ts.isStringLiteralLike(node.argumentExpression)
          ? node.argumentExpression.text
          : '';
      if (isIdentifier(node.expression, 'process')) report(node, `reads process.${name}`);
      if (isIdentifier(node.expression, 'Date') && name === 'now') report(node, 'calls Date.now()');
      if (isIdentifier(node.expression, 'Math') && name === 'random') {
        report(node, 'calls Math.random()');
      }
      if (name === 'randomUUID' || name === 'getRandomValues') report(node, `calls ${name}()`);
    }
    if (ts.isIdentifier(node) && (node.text === 'randomUUID' || node.text === 'getRandomValues')) {
      const parent = node.parent;
      if (ts.isCallExpression(parent) && parent.expression === node) {
        report(node, `calls ${node.text}()`);
      }
    }
    if (
      ts.isNewExpression(node) &&
      isIdentifier(node.expression, 'Date') &&
      (node.arguments === undefined || node.arguments.length === 0)
    ) {
      report(node, 'asks the clock: new Date() without an argument');
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return found;
};

/** Every TypeScript source under the domain root, checked. */
export const scanDomain = (domainRoot: string): Violation[] =>
  (readdirSync(domainRoot, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((path) => path.endsWith('.ts'))
    .sort()
    .flatMap((path) => {
      const file = join(domainRoot, path);
      return domainViolations(file, readFileSync(file, 'utf8'), domainRoot);
    });
