import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContextOptions } from 'node:tls';

/**
 * A deliberately strict RFC 5424 parser for the export tests: it accepts only what the ABNF of
 * §6 allows (and, for PARAM-VALUE, only the three escapes of §6.3.3), and throws on anything else.
 */
export interface ParsedSyslog {
  readonly pri: number;
  readonly version: number;
  readonly timestamp: string;
  readonly hostname: string;
  readonly appName: string;
  readonly procId: string;
  readonly msgId: string;
  readonly data: readonly { readonly id: string; readonly params: readonly [string, string][] }[];
  readonly msg: string | undefined;
}

const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const SD_NAME = /^[\x21-\x7e]{1,32}$/;

export function parseSyslog(text: string): ParsedSyslog {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`not RFC 5424 at ${at} (${what}): ${JSON.stringify(text.slice(at, at + 40))}`);
  };
  const take = (pattern: RegExp, what: string): string => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match || match.index !== at) fail(what);
    at += match![0].length;
    return match![0];
  };
  const space = () => take(/ /y, 'SP');
  const field = (max: number, what: string): string => {
    const value = take(/[\x21-\x7e]+/y, what);
    if (value.length > max) fail(`${what} longer than ${max}`);
    return value;
  };

  const priText = take(/<(0|[1-9]\d{0,2})>/y, 'PRI').slice(1, -1);
  const pri = Number(priText);
  if (pri > 191) fail('PRIVAL above 191');
  const version = Number(take(/[1-9]\d{0,2}/y, 'VERSION'));
  space();
  const timestamp = field(64, 'TIMESTAMP');
  if (timestamp !== '-' && (!TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp)))) fail('TIMESTAMP');
  space();
  const hostname = field(255, 'HOSTNAME');
  space();
  const appName = field(48, 'APP-NAME');
  space();
  const procId = field(128, 'PROCID');
  space();
  const msgId = field(32, 'MSGID');
  space();

  const data: { id: string; params: [string, string][] }[] = [];
  if (text[at] === '-') {
    at += 1;
  } else {
    while (text[at] === '[') {
      at += 1;
      const id = take(/[^= \]"]+/y, 'SD-ID');
      if (!SD_NAME.test(id)) fail('SD-ID');
      const params: [string, string][] = [];
      while (text[at] === ' ') {
        at += 1;
        const name = take(/[^= \]"]+/y, 'PARAM-NAME');
        if (!SD_NAME.test(name)) fail('PARAM-NAME');
        take(/="/y, '="');
        let value = '';
        for (;;) {
          const character = text[at];
          if (character === undefined) fail('unterminated PARAM-VALUE');
          if (character === '"') break;
          if (character === ']') fail('unescaped ] in PARAM-VALUE');
          if (character === '\\') {
            const escaped = text[at + 1];
            if (escaped !== '"' && escaped !== '\\' && escaped !== ']') fail('backslash without an escapable character');
            value += escaped;
            at += 2;
          } else {
            value += character;
            at += 1;
          }
        }
        at += 1;
        params.push([name, value]);
      }
      take(/\]/y, ']');
      data.push({ id, params });
    }
    if (data.length === 0) fail('STRUCTURED-DATA');
  }
  let msg: string | undefined;
  if (at < text.length) {
    space();
    msg = text.slice(at);
  }
  return { pri, version, timestamp, hostname, appName, procId, msgId, data, msg };
}

/**
 * Splits an RFC 5425 octet-counted stream (`MSG-LEN SP SYSLOG-MSG`) into messages; returns them and
 * the bytes of an incomplete trailing frame. Throws on a malformed length.
 */
export function splitOctetCounted(buffer: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let at = 0;
  for (;;) {
    const spaceAt = buffer.indexOf(0x20, at);
    if (spaceAt === -1) break;
    const length = buffer.subarray(at, spaceAt).toString('ascii');
    if (!/^[1-9]\d{0,8}$/.test(length)) throw new Error(`bad MSG-LEN ${JSON.stringify(length)}`);
    const end = spaceAt + 1 + Number(length);
    if (end > buffer.length) break;
    messages.push(buffer.subarray(spaceAt + 1, end).toString('utf8'));
    at = end;
  }
  if (buffer.length - at > 10 && buffer.indexOf(0x20, at) === -1) throw new Error('MSG-LEN without a space');
  return { messages, rest: buffer.subarray(at) };
}

/**
 * A syslog-over-TLS receiver (RFC 5425) on a loopback port: it parses every octet-counted frame
 * strictly and answers the sender's close with its own. `resetAfter(n)` makes it reset the TCP
 * connection (RST, no TLS close) once it has read n more messages, as a crashed receiver would.
 */
export class SyslogReceiver {
  readonly connections: number[][] = [];
  readonly messages: ParsedSyslog[] = [];
  readonly raw: Buffer[] = [];
  #resetIn: number | undefined;
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  constructor(private readonly tls: SecureContextOptions & { answerClose?: boolean }) {}

  resetAfter(messages: number): void {
    this.#resetIn = messages;
  }

  async start(): Promise<number> {
    const secureContext = createSecureContext(this.tls);
    const allowHalfOpen = this.tls.answerClose === false;
    this.#server = createServer({ allowHalfOpen }, (raw: Socket) => {
      const indexes: number[] = [];
      this.connections.push(indexes);
      this.#sockets.add(raw);
      raw.on('close', () => this.#sockets.delete(raw));
      const socket = new TLSSocket(raw, { isServer: true, secureContext });
      let pending: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        this.raw.push(chunk);
        const { messages, rest } = splitOctetCounted(Buffer.concat([pending, chunk]));
        pending = rest;
        for (const text of messages) {
          if (this.#resetIn === 0) {
            this.#resetIn = undefined;
            raw.resetAndDestroy();
            return;
          }
          if (this.#resetIn !== undefined) this.#resetIn -= 1;
          const message = parseSyslog(text);
          this.messages.push(message);
          indexes.push(JSON.parse(message.msg!).index);
        }
      });
      socket.on('error', () => undefined);
      raw.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return (this.#server.address() as { port: number }).port;
  }

  /** Every index received, in arrival order across connections. */
  received(): number[] {
    return this.connections.flat();
  }

  stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}
