// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Size limits (issue 12 item 3: no function over ~150 lines, no module over ~400, blank lines and comments not
 * counted), enforced on every source module. Tests and generated files (`*.generated.ts`) are outside; not yet split,
 * so exempt by name: analysis/trace.ts (a module over 400 lines).
 */
const SIZE_LIMITED = ['src/**/*.ts'];
const SIZE_EXEMPT = ['**/*.test.ts', '**/*.generated.ts', 'src/analysis/trace.ts'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'src/web/dist/**',
      'test-artifacts/**',
      'schema/**',
      'bin/**',
      '**/*.cjs',
      '.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vite.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: SIZE_LIMITED,
    ignores: SIZE_EXEMPT,
    rules: {
      'max-lines-per-function': ['error', { max: 150, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
);
