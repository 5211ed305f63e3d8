import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrontdoorError } from '../errors.js';
import { findBinary } from './require-binary.js';
import { type CommandRunner, runCommand } from './run-command.js';

export interface IssuedCertificate {
  certPath: string;
  keyPath: string;
}

export interface IssueOptions {
  /** hostnames and IP literals; the first becomes the subject CN, all become SANs (IP literals as IP SANs) */
  names: string[];
  /** defaults to five minutes ago */
  notBefore?: Date;
  /** defaults to thirty days from now; a date in the past yields an expired certificate */
  notAfter?: Date;
  /**
   * no subjectAltName extension at all, only the CN (the first name): the legacy certificate that Node's name
   * check still accepts and browsers refuse
   */
  commonNameOnly?: boolean;
}

export interface CertificateAuthority {
  caCertPath: string;
  dir: string;
  issue(options: IssueOptions): Promise<IssuedCertificate>;
  dispose(): Promise<void>;
}

export interface CertificateAuthorityOptions {
  commonName?: string;
  /** path of the openssl program; found with findBinary when omitted */
  openssl?: string;
  run?: CommandRunner;
  now?: () => Date;
}

// Only characters that can appear in hostnames and IP literals: the names are written into an openssl
// config file, so anything else could inject configuration.
const SAFE_NAME = /^[A-Za-z0-9*._:-]+$/;
const EC_KEY_ARGS = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];

/** OpenSSL's `ca -startdate/-enddate` format: UTCTime before 2050, GeneralizedTime after (RFC 5280 4.1.2.5). */
export function formatAsn1Time(date: Date): string {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050 && date.getUTCFullYear() >= 1950 ? `${iso.slice(2)}Z` : `${iso}Z`;
}

/** subjectAltName value for openssl: IP literals become IP entries so clients match them as addresses. */
export function formatSubjectAltNames(names: readonly string[]): string {
  return names.map((name) => (isIP(name) === 0 ? `DNS:${name}` : `IP:${name}`)).join(', ');
}

function caConfig(dir: string): string {
  return [
    '[ ca ]',
    'default_ca = lab_ca',
    '[ lab_ca ]',
    `database = ${join(dir, 'index.txt')}`,
    `new_certs_dir = ${join(dir, 'issued')}`,
    `certificate = ${join(dir, 'ca.pem')}`,
    `private_key = ${join(dir, 'ca-key.pem')}`,
    'rand_serial = yes',
    'default_md = sha256',
    'unique_subject = no',
    'email_in_dn = no',
    'copy_extensions = none',
    'policy = lab_policy',
    '[ lab_policy ]',
    'commonName = supplied',
    '',
  ].join('\n');
}

function leafExtensions(names: readonly string[], commonNameOnly: boolean): string {
  return [
    '[ leaf ]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    ...(commonNameOnly ? [] : [`subjectAltName = ${formatSubjectAltNames(names)}`]),
    '',
  ].join('\n');
}

function validateNames(names: readonly string[]): void {
  if (names.length === 0) throw new FrontdoorError('FD_ERR_LAB', 'a certificate needs at least one name');
  for (const name of names) {
    if (!SAFE_NAME.test(name))
      throw new FrontdoorError('FD_ERR_LAB', `unsupported certificate name: ${JSON.stringify(name)}`);
  }
}

/**
 * Creates a private CA (EC P-256) in a fresh temp dir with the openssl CLI. `issue` signs leaf certificates
 * with any validity window, including expired and not-yet-valid ones, which `openssl ca` allows through
 * -startdate/-enddate (OpenSSL 3.0's `x509 -req` cannot set a start date).
 */
export async function createCertificateAuthority(
  options: CertificateAuthorityOptions = {},
): Promise<CertificateAuthority> {
  const openssl = options.openssl ?? findBinary('openssl');
  if (openssl === undefined) throw new FrontdoorError('FD_ERR_LAB', 'openssl is not installed');
  const run = options.run ?? runCommand;
  const now = options.now ?? (() => new Date());
  const dir = await mkdtemp(join(tmpdir(), 'frontdoor-ca-'));
  // nginx/haproxy workers may run as an unprivileged user and the CA file is read by tests: world-readable.
  await chmod(dir, 0o755);
  const caCertPath = join(dir, 'ca.pem');
  const configPath = join(dir, 'ca.cnf');
  try {
    await mkdir(join(dir, 'issued'));
    await writeFile(join(dir, 'index.txt'), '');
    await writeFile(configPath, caConfig(dir));
    await run(openssl, ['genpkey', ...EC_KEY_ARGS, '-out', join(dir, 'ca-key.pem')]);
    // biome-ignore format: one option and its value per line reads like the openssl manual
    await run(openssl, [
      'req', '-x509', '-new', '-key', join(dir, 'ca-key.pem'), '-sha256', '-days', '3650',
      '-subj', `/CN=${options.commonName ?? 'frontdoor lab CA'}`,
      '-addext', 'basicConstraints=critical,CA:TRUE',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
      '-out', caCertPath,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  let counter = 0;
  // `openssl ca` rewrites index.txt; concurrent issues would corrupt it, so they run one after another.
  let queue: Promise<unknown> = Promise.resolve();

  const issueNow = async (issue: IssueOptions): Promise<IssuedCertificate> => {
    validateNames(issue.names);
    counter += 1;
    const base = join(dir, `leaf-${counter}`);
    const keyPath = `${base}-key.pem`;
    const certPath = `${base}.pem`;
    const start = issue.notBefore ?? new Date(now().getTime() - 5 * 60_000);
    const end = issue.notAfter ?? new Date(now().getTime() + 30 * 86_400_000);
    const commonName = (issue.names[0] ?? '').slice(0, 64);
    await writeFile(`${base}.ext`, leafExtensions(issue.names, issue.commonNameOnly === true));
    await run(openssl, ['genpkey', ...EC_KEY_ARGS, '-out', keyPath]);
    await run(openssl, ['req', '-new', '-key', keyPath, '-subj', `/CN=${commonName}`, '-out', `${base}.csr`]);
    // biome-ignore format: one option and its value per line reads like the openssl manual
    await run(openssl, [
      'ca', '-batch', '-notext', '-config', configPath,
      '-startdate', formatAsn1Time(start), '-enddate', formatAsn1Time(end),
      '-extfile', `${base}.ext`, '-extensions', 'leaf',
      '-in', `${base}.csr`, '-out', certPath,
    ]);
    await chmod(keyPath, 0o644);
    return { certPath, keyPath };
  };

  return {
    caCertPath,
    dir,
    issue(issue) {
      const result = queue.then(() => issueNow(issue));
      queue = result.catch(() => undefined);
      return result;
    },
    async dispose() {
      await queue;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
