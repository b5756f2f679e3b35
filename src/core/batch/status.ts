/**
 * Status codes of a batch's cells (`BatchCells.status`), apart from the engine so that the page's
 * painters can read them without loading the engine.
 */
import type { RunStatus } from '../runner.ts';

/** Status codes of `BatchCells.status`, indexed by code. */
export const STATUSES: readonly RunStatus[] = ['running', 'converged', 'diverged'];
export const RUNNING = 0;
export const CONVERGED = 1;
export const DIVERGED = 2;
