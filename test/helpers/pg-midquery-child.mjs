// A child process for test/postgres-driver-fault.test.ts: a transaction whose query is in
// flight when the test stops the PostgreSQL server. Unpatched postgres.js 3.4.9 dies here with
// "Cannot read properties of null (reading 'write')" from a setImmediate; patched, the
// transaction rejects and the same pool answers again once the server is back.
// argv: <postgres module entry> <url>. Prints RUNNING, REJECTED <code>, then after a line on
// stdin (the server is back) RECOVERED, and exits 0.
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

const [entry, url] = process.argv.slice(2);
const { default: postgres } = await import(pathToFileURL(entry).href);
const sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5 });
const lines = readline.createInterface({ input: process.stdin });
const next = () => new Promise((resolve) => lines.once('line', resolve));

const tx = sql.begin(async (t) => {
  await t`select 1`;
  process.stdout.write('RUNNING\n');
  await t`select pg_sleep(30)`;
});
try {
  await tx;
  process.stdout.write('COMMITTED\n');
} catch (err) {
  process.stdout.write(`REJECTED ${err.code ?? err.name}\n`);
}
await new Promise((r) => setTimeout(r, 300)); // let any stray setImmediate run
await next();
for (let i = 0; ; i++) {
  try {
    const [row] = await sql`select 41 + 1 as n`;
    process.stdout.write(`RECOVERED ${row.n}\n`);
    break;
  } catch (err) {
    if (i > 50) throw err;
    await new Promise((r) => setTimeout(r, 200));
  }
}
await sql.end({ timeout: 2 });
process.exit(0);
