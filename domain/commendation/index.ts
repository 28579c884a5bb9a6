/**
 * The commendation domain's public surface: the model, rule sets, the engine and title
 * matching. Pure; importing it performs no I/O.
 */
export * from './model.js';
export * from './rule-set.js';
export * from './engine.js';
export * from './titles.js';
