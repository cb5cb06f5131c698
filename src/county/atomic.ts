/**
 * Writing datasets without ever leaving a half-written one: every command builds the complete new
 * folder next to the target (same parent, so the final `rename` is on one file system), validates
 * it with `loadDataset`, and only then moves it into place. On any error the temporary folder is
 * removed and the target is untouched. Replacing an existing folder is two renames (old folder
 * aside, new folder in, old folder removed), so the target always holds either the complete old
 * or the complete new dataset.
 */
import { chmod, cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Dataset } from '../domain/dataset.ts';
import { loadDataset } from '../domain/load-dataset.ts';
import { ValidationError } from '../errors.ts';

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** A fresh temporary folder beside `target`. */
async function tempBeside(target: string, tag: string): Promise<string> {
  const abs = path.resolve(target);
  const tmp = await mkdtemp(path.join(path.dirname(abs), `.${path.basename(abs)}.${tag}-`));
  await chmod(tmp, 0o755); // mkdtemp makes it 0700; the dataset folder is an ordinary one
  return tmp;
}

async function swapIn(tmp: string, target: string): Promise<void> {
  const abs = path.resolve(target);
  if (!(await exists(abs))) {
    await rename(tmp, abs);
    return;
  }
  const old = `${tmp}.old`;
  await rename(abs, old);
  try {
    await rename(tmp, abs);
  } catch (e) {
    await rename(old, abs);
    throw e;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * Creates the dataset folder `target` from scratch: `build(tmp)` writes every file into a temporary
 * folder, which is validated and then renamed to `target`. An existing `target` is an error unless
 * `force` (then it is replaced as a whole).
 */
export async function createDataset(target: string, force: boolean, build: (tmp: string) => Promise<void>): Promise<Dataset> {
  if (!force && (await exists(target)))
    throw new ValidationError([{ file: target, field: '--out', reason: 'already exists (use --force to replace it)' }]);
  await mkdir(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = await tempBeside(target, 'new');
  try {
    await build(tmp);
    await loadDataset(tmp);
    await swapIn(tmp, target);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return loadDataset(target);
}

/**
 * Changes the existing dataset `dir`: it is copied (without its `.cache/`) to a temporary folder,
 * `change(tmp, before)` edits the copy, the copy is validated, then swapped in. Resolves to what
 * `change` returned.
 */
export async function updateDataset<T>(dir: string, change: (tmp: string, before: Dataset) => Promise<T>): Promise<T> {
  const before = await loadDataset(dir);
  const tmp = await tempBeside(dir, 'edit');
  try {
    await cp(path.resolve(dir), tmp, { recursive: true, filter: (src) => path.basename(src) !== '.cache' });
    const out = await change(tmp, before);
    await loadDataset(tmp);
    await swapIn(tmp, dir);
    return out;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
