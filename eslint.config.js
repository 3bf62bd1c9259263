import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Helpers of @weboard/shared that write to a board's document. */
const BOARD_WRITES = [
  'addItem',
  'addItems',
  'updateItem',
  'updateItems',
  'deleteItem',
  'deleteItems',
  'spliceText',
  'initBoard',
  'setTeam',
  'removeTeam',
  'ensureLanes',
  'renameLane',
  'addLane',
  'moveLane',
  'removeLane',
  'bindFrame',
  'setMember',
  'prepareVoteMaps',
  'castVote',
  'clearVotes',
  'startVote',
  'setVoteState',
  'revealVotes',
  'setTeamWeights',
  'clearPlanningFields',
  'writeTimer',
  'writeSummon',
  'writeFollow',
  'writeAgenda',
  'writeDecision',
  'removeDecision',
  'applyTemplate',
  'applyImportPlan',
  'applyImportSetup',
  'applyBoardMerge',
  'reconcileBoard',
  'reconcileMap',
  'migrateBoard',
  // Program planning (client/src/planning/pi-actions.ts).
  'addObjective',
  'updateObjective',
  'removeObjective',
  'addRisk',
  'updateRisk',
  'moveRisk',
  'removeRisk',
  'setMilestone',
  'removeMilestone',
  'startConfidenceRound',
  'clearConfidenceRound',
  'revealConfidence',
  'writeRecordFields',
];

// Layers point one way (issue #17): shared is below both apps; client and server only meet
// through shared and the wire contracts in the README.
const CLIENT_BANS = [
  {
    group: ['@weboard/server', '@weboard/server/*', '**/server/src/**'],
    message: 'The client never imports the server; put what both need in @weboard/shared.',
  },
];
const SERVER_BANS = [
  {
    group: ['@weboard/client', '@weboard/client/*', '**/client/src/**'],
    message: 'The server never imports the client; put what both need in @weboard/shared.',
  },
];

// Every Yjs key name lives in shared/src/doc/keys.ts (issue #17): a top-level map is named only there.
const KEY_NAME_SYNTAX = {
  selector:
    "CallExpression[callee.property.name=/^(getMap|getArray|getText|getXmlFragment)$/][arguments.0.type='Literal'], CallExpression[callee.object.property.name='share'][arguments.0.type='Literal']",
  message:
    'Name the map through MAP in shared/src/doc/keys.ts (the one module that knows key names).',
};

const SHARED_BANS = [
  {
    group: [
      'node:*',
      '@weboard/server',
      '@weboard/client',
      'react',
      'react-dom',
      '**/server/src/**',
      '**/client/src/**',
    ],
    message: 'shared runs in the browser and on the server and imports nothing of ours.',
  },
];

// One write path (issue #17): the imports every client module outside the editor and the actions
// may not use, plus `layerBans` for the layer it sits in. ESLint applies only the last matching
// block's no-restricted-imports options, so a layer's block repeats these.
const writePathImports = (layerBans) => [
  'error',
  {
    paths: [
      {
        name: '@weboard/shared',
        importNames: BOARD_WRITES,
        message:
          'Change the board through the editor (editor.change, editor.updateItem…) or the planning actions (client/src/planning/actions.ts).',
      },
    ],
    patterns: [
      ...CLIENT_BANS,
      {
        group: ['**/editor/editor', '**/editor/gate'],
        importNames: ['LOCAL_ORIGIN'],
        message: 'Only the editor and the actions tag changes; use isOwnChange to recognise one.',
      },
      ...layerBans,
    ],
  },
];

/** A relative import of one of these client folders, from any depth. */
const folders = (...names) => `^\\.\\./(\\.\\./)*(${names.join('|')})(/|$)`;

// Client layers point one way (issue #17): lib/ (stores, DOM helpers) below collab/ (provider,
// presence) below editor/ below canvas/, with planning/, facilitation/, comments/ and ui/ above
// the canvas and app/ on top, filling the canvas's slots.
const CLIENT_LAYERS = [
  {
    files: 'client/src/lib',
    bans: [
      {
        regex: folders(
          'collab',
          'editor',
          'canvas',
          'planning',
          'facilitation',
          'comments',
          'ui',
          'app',
        ),
        message:
          'lib/ is the bottom of the client: it imports nothing of ours but @weboard/shared.',
      },
    ],
  },
  {
    files: 'client/src/collab',
    bans: [
      {
        regex: folders('editor', 'canvas', 'planning', 'facilitation', 'comments', 'ui', 'app'),
        message:
          'collab/ sits below the editor: move what it needs down (lib/, @weboard/shared), or wire it up in app/.',
      },
    ],
  },
  {
    files: 'client/src/canvas',
    bans: [
      {
        regex: folders('planning', 'facilitation', 'comments', 'ui', 'app'),
        message:
          'The canvas knows nothing of planning, facilitation or the UI: the board page plugs their layers into its slots (BoardCanvasProps).',
      },
    ],
  },
];

/** Each layer's bans: tests get them on top of CLIENT_BANS, the rest on top of the write path. */
const clientLayerBlocks = CLIENT_LAYERS.flatMap(({ files, bans }) => [
  {
    files: [`${files}/**/*.test.{ts,tsx}`],
    rules: { 'no-restricted-imports': ['error', { patterns: [...CLIENT_BANS, ...bans] }] },
  },
  {
    files: [`${files}/**/*.{ts,tsx}`],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': writePathImports(bans) },
  },
]);

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'server/dist-e2e/**',
      '**/node_modules/**',
      'data/**',
      '.artifacts/**',
      'bench/.peer-build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: CLIENT_BANS }],
    },
  },
  {
    files: ['server/**/*.{ts,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: SERVER_BANS }] },
  },
  {
    files: ['shared/src/**/*.ts', 'server/src/**/*.{ts,mjs}', 'client/src/**/*.{ts,tsx}'],
    ignores: [
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/*.test-helper.ts',
      '**/*.contract.ts',
      'shared/src/doc/keys.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', KEY_NAME_SYNTAX] },
  },
  {
    // One write path (issue #17): only the editor and the actions beside it change the board, so
    // the read-only, lock and role checks, undo grouping and origin live in one place.
    files: ['client/src/**/*.{ts,tsx}'],
    ignores: [
      'client/src/editor/**',
      'client/src/planning/actions.ts',
      'client/src/planning/facilitation-actions.ts',
      'client/src/planning/pi-actions.ts',
      'client/src/planning/program-actions.ts',
      'client/src/facilitation/session-state.ts',
      'client/src/**/*.test.ts',
      // Test helpers are tests: they build boards directly, as the tests that use them do.
      'client/src/**/*.test-helper.ts',
    ],
    rules: {
      'no-restricted-imports': writePathImports([]),
      'no-restricted-syntax': [
        'error',
        KEY_NAME_SYNTAX,
        {
          selector: "CallExpression[callee.property.name='transact']",
          message:
            'Change the board through the editor or the planning actions: they own the read-only and lock checks, undo and origin.',
        },
      ],
    },
  },
  ...clientLayerBlocks,
  {
    files: ['client/public/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: SHARED_BANS,
        },
      ],
    },
  },
  {
    // Pure planning rules sit below the doc helpers: doc/ may use planning/, never the reverse.
    files: ['shared/src/planning/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...SHARED_BANS,
            {
              group: ['../doc', '../doc/*'],
              message: 'planning/ holds pure rules below doc/; move Yjs-aware code into doc/.',
            },
          ],
        },
      ],
    },
  },
);
