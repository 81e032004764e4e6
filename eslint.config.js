// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Size limits (issue 12 item 3: no function over ~150 lines, no module over ~400, blank lines and comments not
 * counted), enforced per directory as each one is clean. Tests and generated files (`*.generated.ts`) are outside.
 * Not yet split, so not yet enforced: validate/clientvpn.ts (being changed for Client VPN IPv6, issue 18),
 * analysis/, render/, web/, server/, cli/.
 */
const SIZE_LIMITED = [
  'src/formats/**/*.ts',
  'src/model/**/*.ts',
  'src/validate/**/*.ts',
  'src/dataplane/**/*.ts',
];
const SIZE_EXEMPT = ['**/*.test.ts', '**/*.generated.ts', 'src/validate/clientvpn.ts'];

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
