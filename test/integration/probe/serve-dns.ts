import { createSocket, type RemoteInfo } from 'node:dgram';
import { isIPv4 } from 'node:net';

/** Records a test DNS server holds for one name. */
export interface DnsRecords {
  a?: string[];
  aaaa?: string[];
  /** seconds (default 300) */
  ttl?: number;
}

export interface DnsServer {
  /** "127.x.y.z:port", for Resolver#setServers */
  server: string;
  /** every question received, as "name TYPE" ("shop.test A") */
  questions: string[];
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;

function readName(message: Buffer, start: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = start;
  for (let length = message[at] ?? 0; length > 0; length = message[at] ?? 0) {
    labels.push(message.toString('latin1', at + 1, at + 1 + length));
    at += 1 + length;
  }
  return { name: labels.join('.').toLowerCase(), end: at + 1 };
}

function encodeAddress(type: number, address: string): Buffer {
  if (type === TYPE_A) return Buffer.from(address.split('.').map(Number));
  // Expand "::" and write eight 16-bit groups.
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  const bytes = Buffer.alloc(16);
  for (const [index, group] of groups.entries()) bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2);
  return bytes;
}

/** The answer to one query: the records of its type, NODATA when the name has only others, else NXDOMAIN. */
function answer(
  query: Buffer,
  records: Readonly<Record<string, DnsRecords>>,
): { reply: Buffer; question: string } {
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const questionBytes = query.subarray(12, end + 4);
  const known = records[name];
  const values =
    known === undefined
      ? []
      : type === TYPE_A
        ? (known.a ?? [])
        : type === TYPE_AAAA
          ? (known.aaaa ?? [])
          : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR, the query's opcode and RD, AA and RA; RCODE 3 (NXDOMAIN) for a name the server does not know.
  const flags = 0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080 | (known === undefined ? 3 : 0);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(values.length, 6);
  const answers = values.map((value) => {
    const data = encodeAddress(type, value);
    const record = Buffer.alloc(12);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(type, 2);
    record.writeUInt16BE(1, 4);
    record.writeUInt32BE(known?.ttl ?? 300, 6);
    record.writeUInt16BE(data.length, 10);
    return Buffer.concat([record, data]);
  });
  return {
    reply: Buffer.concat([header, questionBytes, ...answers]),
    question: `${name} ${type === TYPE_A ? 'A' : type === TYPE_AAAA ? 'AAAA' : type}`,
  };
}

/**
 * A DNS server over UDP on `address` (port 0: the kernel picks one) that answers from `records`, or with
 * `silent`, receives every query and answers none: a name server that has gone away without refusing.
 */
export function serveDns(
  address: string,
  records: Readonly<Record<string, DnsRecords>> | 'silent',
): Promise<DnsServer> {
  const socket = createSocket(isIPv4(address) ? 'udp4' : 'udp6');
  const questions: string[] = [];
  socket.on('message', (query: Buffer, peer: RemoteInfo) => {
    if (query.length < 17) return;
    if (records === 'silent') {
      questions.push(readName(query, 12).name);
      return;
    }
    const { reply, question } = answer(query, records);
    questions.push(question);
    socket.send(reply, peer.port, peer.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address, port: 0, exclusive: true }, () => {
      const { port } = socket.address();
      resolve({
        server: `${address}:${port}`,
        questions,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
