import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The project's own copies of upstream data (never ../shared). */
export const DATA = join(__dirname, '..', '..', '..', 'data');
export const NOTES_DIR = join(DATA, 'upstream', 'k3s-io-docs', 'release-notes');

export function notesFiles(): string[] {
  return readdirSync(NOTES_DIR).filter((f) => /^v1\.\d+\.X\.md$/.test(f)).sort();
}

export function readNotes(file: string): string {
  return readFileSync(join(NOTES_DIR, file), 'utf8');
}

export function readData(...parts: string[]): string {
  return readFileSync(join(DATA, ...parts), 'utf8');
}
