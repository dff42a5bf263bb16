/**
 * vitest globalSetup: gives the integration suites a real Neo4j. When NEO4J_URI is set (CI with a service,
 * docker compose, a remote server) it is used as is; otherwise scripts/neo4j-start.sh starts the project's
 * local Neo4j Community (it returns at once when one already answers) and the Bolt URI is handed to the tests
 * through `provide('neo4jUri')` and NEO4J_URI. Neo4j is left running afterwards so the next run starts in
 * no time; scripts/neo4j-stop.sh stops it.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bolt URI of the Neo4j the integration suites use */
    neo4jUri: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export default async function setup(project: TestProject): Promise<void> {
  let uri = process.env.NEO4J_URI;
  if (!uri) {
    try {
      const { stdout } = await promisify(execFile)('bash', ['scripts/neo4j-start.sh'], { cwd: ROOT, timeout: 15 * 60_000 });
      process.stdout.write(stdout);
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(
        `tests/setup/neo4j: scripts/neo4j-start.sh failed (set NEO4J_URI to use another server):\n${e.stdout ?? ''}${e.stderr ?? e.message}`,
        { cause: error },
      );
    }
    uri = `bolt://${process.env.NEO4J_HOST ?? '127.0.0.1'}:${process.env.NEO4J_PORT ?? '7687'}`;
    process.env.NEO4J_URI = uri;
  }
  project.provide('neo4jUri', uri);
}
