/**
 * The SMTP server of the statement benchmark, run as a process of its own (as a relay would be):
 * it accepts every mail, reads it to the end and keeps only a count, so 5,000 mails cost it no
 * memory and its parsing costs the measured process no CPU. Prints `{"port":…}` once it listens;
 * a line on stdin asks for `{"mails":…,"bytes":…}`.
 */
import type { AddressInfo } from 'node:net';
import readline from 'node:readline';
import { SMTPServer } from 'smtp-server';

let mails = 0;
let bytes = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // A reverse DNS lookup per connection measures the resolver, not the run.
  disableReverseLookup: true,
  onData(stream, _session, callback) {
    stream.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    stream.on('end', () => { mails += 1; callback(); });
  },
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.server.address() as AddressInfo).port }));
});
readline.createInterface({ input: process.stdin }).on('line', () => console.log(JSON.stringify({ mails, bytes })))
  .on('close', () => server.close(() => process.exit(0)));
