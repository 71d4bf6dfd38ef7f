/**
 * A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps every message it receives, so
 * API tests read what Strapi's email plugin actually delivered. Messages are parsed just enough for
 * tests: headers, and the text and HTML parts of nodemailer's multipart/alternative (quoted-printable or
 * base64).
 */
import type { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  replyTo: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** Messages sent to one address (any case). */
  to: (address: string) => ReceivedMail[];
  clear: () => void;
  /**
   * Refuses every recipient (or only the addresses in `only`) with a temporary error (451) from now on,
   * or accepts again with null.
   */
  refuse: (reason: string | null, only?: readonly string[]) => void;
  /** Recipients refused so far. */
  refused: () => number;
  stop: () => Promise<void>;
}

const decodeQuotedPrintable = (body: string) =>
  Buffer.from(
    body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1'
  ).toString('utf8');

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=), which nodemailer uses for non-ASCII subjects. */
const decodeWords = (value: string) =>
  value.replace(
    /=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi,
    (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' '))
  );

const splitHeaders = (raw: string) => {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
};

const decodeBody = (headers: Record<string, string>, body: string) => {
  const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
};

const collectParts = (headers: Record<string, string>, body: string, out: { text: string; html: string }) => {
  const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const parts = body.split(`--${boundary}`).slice(1);
    for (const part of parts) {
      if (part.startsWith('--')) break;
      const inner = splitHeaders(part.replace(/^\r?\n/, ''));
      collectParts(inner.headers, inner.body, out);
    }
    return;
  }
  const decoded = decodeBody(headers, body).replace(/\r?\n$/, '');
  if (type.startsWith('text/html')) out.html = out.html || decoded;
  else if (type.startsWith('text/plain')) out.text = out.text || decoded;
};

export const parseMail = (raw: string, envelopeTo: string[], envelopeFrom: string): ReceivedMail => {
  const { headers, body } = splitHeaders(raw);
  const parts = { text: '', html: '' };
  collectParts(headers, body, parts);
  return {
    from: envelopeFrom,
    to: envelopeTo,
    subject: decodeWords(headers.subject ?? ''),
    replyTo: headers['reply-to'] ?? '',
    text: parts.text,
    html: parts.html,
    raw,
  };
};

export const startSmtp = async (): Promise<TestSmtp> => {
  const messages: ReceivedMail[] = [];
  let refusal: string | null = null;
  let refusedOnly: Set<string> | null = null;
  let refusedCount = 0;
  const server = new SMTPServer({
    authOptional: true,
    // A reverse DNS lookup per connection would make every test email wait on the resolver.
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusal === null) return callback();
      if (refusedOnly && !refusedOnly.has(address.address.toLowerCase())) return callback();
      refusedCount += 1;
      callback(Object.assign(new Error(refusal), { responseCode: 451 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), to, from));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    clear: () => {
      messages.length = 0;
    },
    refuse: (reason, only) => {
      refusal = reason;
      refusedOnly = only ? new Set(only.map((a) => a.toLowerCase())) : null;
    },
    refused: () => refusedCount,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
