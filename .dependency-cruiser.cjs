/**
 * The layers, enforced (`npm run lint`). Imports point down only:
 *
 *   bot/ (adapters, start-up, CLI) → jobs/ (scheduler, deliverer) → handlers/ (engine, flows,
 *   services) → db/ (schema, queries, import) → domain/ (rules without I/O)
 *
 * jobs/ may use handlers/ (services, engine contract), db/ and domain/, never bot/; nothing
 * below bot/ reaches up. domain/ imports no file of the project outside itself and no module
 * that does I/O. scripts/, bench/ and test/ may import anything.
 */
const io = [
  '^node:(fs|net|http|https|child_process|dgram|dns|tls|cluster|worker_threads)',
  '^(fs|net|http|https|child_process)$',
];

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds rules without I/O: it imports only domain/ (and pure npm packages).',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: '^(db|handlers|jobs|bot|scripts|test|bench)/' },
    },
    {
      name: 'domain-no-io',
      comment: 'domain/ must not reach the file system, the network or other processes.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: io },
    },
    {
      name: 'db-below-handlers',
      comment: 'db/ (the store) knows domain/ only; it never imports handlers/, jobs/ or bot/.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(handlers|jobs|bot)/' },
    },
    {
      name: 'handlers-below-jobs-and-bot',
      comment: 'handlers/ (engine, flows, services) never import jobs/ or bot/.',
      severity: 'error',
      from: { path: '^handlers/' },
      to: { path: '^(jobs|bot)/' },
    },
    {
      name: 'jobs-below-bot',
      comment: 'jobs/ run without a platform: they never import bot/.',
      severity: 'error',
      from: { path: '^jobs/' },
      to: { path: '^bot/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle between modules hides which one is the lower layer.',
      severity: 'error',
      from: { path: '^(domain|db|handlers|jobs|bot)/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
