import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StalkError } from './errors.js';

let root: string | null = null;

/** The package's root folder (holding `data/`), found from this module whether run from src/ or dist/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) {
      root = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new StalkError('E_DATA_FILE', 'cannot find the package data folder');
}

export function dataPath(name: string): string {
  return join(packageRoot(), 'data', name);
}

/** Reads a JSON file from the package's `data/` folder. */
export function readDataJson<T>(name: string): T {
  const path = dataPath(name);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    throw new StalkError('E_DATA_FILE', `cannot read data file: ${(e as Error).message}`, { file: path });
  }
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Lower-case, '&' as 'and', punctuation and spacing removed: how labels and headers are compared. */
export function normaliseLabel(s: string): string {
  // Plain ASCII (nearly every header and label) takes a shorter road to the same result: NFKC
  // leaves ASCII alone and its only letters and digits are a-z, A-Z and 0-9, so the Unicode-aware
  // expression (costly to compile on a cold start) is needed only for other text.
  if (ASCII_ONLY.test(s))
    return s
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Header comparison ignores spaces too ("OffenceCode" = "Offence Code"). */
export function normaliseHeader(s: string): string {
  return normaliseLabel(s).replace(/ /g, '');
}
