// Lint (`npm run lint:code`): @eslint/js recommended + typescript-eslint recommendedTypeChecked,
// type-aware through the TypeScript project service (the files tsconfig.json includes).
// Formatting is Prettier's job (`npm run lint:format`), the layers dependency-cruiser's
// (`npm run lint:layers`, .dependency-cruiser.cjs); this file holds the code rules only.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'db/migrations/', 'coverage/', 'docs/preview/', 'data/'] },

  // TypeScript: bot/, domain/, handlers/, db/, jobs/, scripts/, test/, bench/ and the two root
  // config files — everything tsconfig.json includes.
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Off: flows, adapters, channels and stores implement async interfaces (Flow, Channel,
      // healthCheck, send…); an implementation that happens not to await stays `async` so a
      // throw is a rejection like everywhere else, not a synchronous exception.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore marks a deliberately unused binding: a parameter an interface
      // requires, or a property dropped from a copy by destructuring (`{ json: _json, ...m }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // A binding declared before a closure that reads it and assigned once afterwards
      // (`let fake!: FakeS3; … () => fake.serve(…) …; fake = new FakeS3(…)`) cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // `@typescript-eslint/no-floating-promises` and `no-misused-promises` stay on: a promise
      // nobody awaits is marked with `void` where that is intended.
    },
  },

  // Flows decide; services (handlers/services/) write and audit in one transaction.
  {
    files: ['handlers/flows/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(insert|update|delete)$/]",
          message: 'Flows call services; services write and audit in the same transaction (handlers/services/)',
        },
      ],
    },
  },

  // domain/ holds the rules without I/O (dependency-cruiser's domain-no-io says the same for
  // the whole graph; this reports it in the editor, on the import line).
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:child_process'].map((name) => ({
            name,
            message: 'domain/ does no I/O: files, network and processes belong to db/, handlers/ or bot/.',
          })),
        },
      ],
    },
  },

  // Tests and their fakes read JSON bodies of fake platform APIs and vitest matchers
  // (`expect.any(String)`) that are typed `any`; checking every access would mean a schema per
  // fake request. Production code keeps these rules.
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },

  // Plain JavaScript (scripts/*.mjs, test/helpers/*.mjs, .dependency-cruiser.cjs, this file) is
  // outside tsconfig.json: @eslint/js recommended only, no type information. Node's globals are
  // listed by hand (the `globals` package is not a dependency).
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
      },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
