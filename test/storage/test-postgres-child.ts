// Run by test-postgres-watchdog.test.ts as a process of its own: starts the test PostgreSQL,
// prints the server's data folder, then idles until it is killed.
import pg from "pg";
import { startTestPostgres } from "../helpers/postgres.js";

const server = await startTestPostgres();
if (server === null) throw new Error("no PostgreSQL binaries");
const client = new pg.Client({ connectionString: await server.createDatabase() });
await client.connect();
const { rows } = await client.query<{ data_directory: string }>("SHOW data_directory");
await client.end();
process.stdout.write(`DATA ${rows[0]!.data_directory}\n`);
setInterval(() => undefined, 60_000);
