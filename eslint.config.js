// Shared lint configuration for every project. Module boundaries are enforced by tags:
// services may depend on libs, libs only on libs, and nothing imports a service.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const ROOT = import.meta.dirname;
/** Folders of the workspace that hold no projects. */
const NOT_PROJECTS = new Set(['node_modules', 'dist', 'tmp', 'coverage']);

/** Every project.json: in a top-level folder (e2e, tools) or one level below (libs/*, services/*). */
function projectFiles() {
  const folders = (dir) =>
    readdirSync(join(ROOT, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !NOT_PROJECTS.has(e.name))
      .map((e) => (dir ? `${dir}/${e.name}` : e.name));
  return folders('')
    .flatMap((top) => [top, ...folders(top)])
    .map((folder) => join(ROOT, folder, 'project.json'))
    .filter((file) => existsSync(file));
}

/**
 * Bounded contexts: the `scope:<domain>` tags of the projects (see docs/architecture.md), so a
 * generated service of a new domain gets its boundary rule with no edit here. `shared` has its own.
 */
const DOMAINS = [
  ...new Set(
    projectFiles().flatMap((file) =>
      (JSON.parse(readFileSync(file, 'utf8')).tags ?? [])
        .filter((tag) => tag.startsWith('scope:') && tag !== 'scope:shared')
        .map((tag) => tag.slice('scope:'.length)),
    ),
  ),
].sort();

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.meridian/**', '.nx/**', 'tmp/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // A domain's projects use shared libs and their own domain's, never another domain's.
            ...DOMAINS.map((domain) => ({
              sourceTag: `scope:${domain}`,
              onlyDependOnLibsWithTags: ['scope:shared', `scope:${domain}`],
            })),
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test registers suites and tests synchronously; their returned promises are the runner's.
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: [
                'describe',
                'it',
                'test',
                'suite',
                'before',
                'after',
                'beforeEach',
                'afterEach',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        {
          prefer: 'type-imports',
          fixStyle: 'separate-type-imports',
          disallowTypeAnnotations: false,
        },
      ],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']",
          message: 'No .only in tests.',
        },
        {
          selector:
            "CallExpression[callee.property.name='only'][callee.object.callee.name=/^(it|test|describe)$/]",
          message: 'No .only in tests.',
        },
      ],
    },
  },
  prettier,
);
