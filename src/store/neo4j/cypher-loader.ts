/**
 * Loads the Cypher queries in cypher/ (one parameterised query per file, named after the operation) by name.
 * Called once at start-up with every name the caller needs, so a missing or empty file stops the boot with an
 * error naming it, instead of failing on first use. Cypher is never assembled at run time: these texts are
 * the only queries the adapter sends.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** cypher/ at the repository root, resolved from this file (src/store/neo4j/) so the working directory does not matter. */
export const CYPHER_DIR = fileURLToPath(new URL('../../../cypher/', import.meta.url));

export class CypherFileMissingError extends Error {
  constructor(
    readonly files: readonly string[],
    readonly dir: string,
  ) {
    super(`cypher-loader: missing or empty query file(s) in ${dir}: ${files.join(', ')}`);
    this.name = 'CypherFileMissingError';
  }
}

const cache = new Map<string, string>();

/**
 * Reads `<dir>/<name>.cypher` for every name; results are cached per absolute path. Throws
 * CypherFileMissingError naming every file that is missing or holds only comments/whitespace.
 */
export function loadCypher<const N extends string>(names: readonly N[], dir: string = CYPHER_DIR): Record<N, string> {
  const out = {} as Record<N, string>;
  const missing: string[] = [];
  for (const name of names) {
    const file = path.resolve(dir, `${name}.cypher`);
    let text = cache.get(file);
    if (text === undefined) {
      try {
        text = readFileSync(file, 'utf8').trim();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        text = '';
      }
      if (!hasStatement(text)) {
        missing.push(`${name}.cypher`);
        continue;
      }
      cache.set(file, text);
    }
    out[name] = text;
  }
  if (missing.length > 0) throw new CypherFileMissingError(missing, dir);
  return out;
}

/** True when the text has something besides `//` comment lines and blanks. */
function hasStatement(text: string): boolean {
  return text.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('//'));
}
