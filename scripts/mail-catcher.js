'use strict';

/**
 * The demo's mail catcher: an SMTP server on 127.0.0.1:2525 (where the playground's nodemailer provider
 * sends) that saves each message as an .eml file and logs one line per message, so a newcomer sees the
 * invitations and decision emails the demo sends. Demo only: it accepts any mail from this machine.
 */
const fs = require('fs');
const path = require('path');
const { Buffer } = require('buffer');
const { SMTPServer } = require('smtp-server');

/** RFC 2047 encoded words (nodemailer's `=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`), for the log line only. */
const decodeWords = (value) =>
  value.replace(/=\?[^?]+\?([QB])\?([^?]*)\?=\s*/gi, (_m, encoding, text) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_h, hex) => String.fromCharCode(parseInt(hex, 16))),
          'latin1'
        ).toString('utf8')
  );

const subjectOf = (raw) => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => /^subject:/i.test(l));
  return line ? decodeWords(line.slice(line.indexOf(':') + 1).trim()) : '(no subject)';
};

/** Starts the catcher; resolves once it listens, or with null when the port is taken (another catcher). */
const startMailCatcher = ({ dir, host = '127.0.0.1', port = 2525, log = console.log } = {}) => {
  fs.mkdirSync(dir, { recursive: true });
  let serial = 0;
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        serial += 1;
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = path.join(dir, `${stamp}-${serial}.eml`);
        fs.writeFileSync(file, raw);
        const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
        log(`[mail] to ${to} | ${subjectOf(raw.toString('utf8'))} | ${path.relative(process.cwd(), file)}`);
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE') {
        log(`[mail] ${host}:${port} is taken; mail goes to whatever listens there.`);
        resolve(null);
      } else reject(error);
    });
    server.listen(port, host, () => resolve(server));
  });
};

module.exports = { startMailCatcher, subjectOf };
