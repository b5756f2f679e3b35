/**
 * The "PyTorch script" export: `descent torch`'s script for the current scene — the same cases as the
 * cases file (`caseList`), so the page, `descent run` and the script agree. Loaded on demand (the
 * script builder is large and the first screen does not need it).
 */
import { torchScript } from '../core/torch-script.ts';
import { caseList } from './exports.ts';
import type { AppState } from './state.ts';

/** The Python script reproducing every optimizer row of `s` with torch.optim and lr_scheduler. */
export function torchScriptOf(s: AppState): string {
  return torchScript(caseList(s));
}
