/**
 * A private certificate authority and server certificates made at test time (node-forge, keys from
 * Node's crypto), for TLS tests: nothing of it is committed. Every certificate is for
 * 127.0.0.1 / localhost unless said otherwise.
 */
import { generateKeyPairSync, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as forge from 'node-forge';

export interface Pem {
  cert: string;
  key: string;
}

export interface TestPki {
  /** The private CA (not trusted by anyone until a test says so). */
  ca: Pem;
  /** Signed by the CA for 127.0.0.1 and localhost. */
  server: Pem;
  /** Signed by the CA for another name only (a hostname mismatch). */
  otherHost: Pem;
  /** Signed by the CA, for 127.0.0.1, expired yesterday. */
  expired: Pem;
  /** A temporary folder with ca.pem (for NODE_EXTRA_CA_CERTS); remove() deletes it. */
  dir: string;
  caFile: string;
  remove(): void;
}

const DAY = 24 * 60 * 60 * 1000;

function keyPair(): { keys: forge.pki.rsa.KeyPair; pem: string } {
  const k = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { keys: { privateKey: forge.pki.privateKeyFromPem(k.privateKey), publicKey: forge.pki.publicKeyFromPem(k.publicKey) }, pem: k.privateKey };
}

interface CertSpec {
  commonName: string;
  publicKey: forge.pki.PublicKey;
  /** Signs the certificate; absent = self-signed with `selfKey`. */
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  selfKey?: forge.pki.rsa.PrivateKey;
  isCa?: boolean;
  altNames?: Array<{ type: 2; value: string } | { type: 7; ip: string }>;
  notBefore: Date;
  notAfter: Date;
}

function certificate(spec: CertSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  // A positive serial number (the first byte's high bit clear).
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  const subject = [{ name: 'commonName', value: spec.commonName }, { name: 'organizationName', value: 'Claude Assistant tests' }];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : subject);
  cert.setExtensions(
    spec.isCa
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
          { name: 'subjectKeyIdentifier' },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: spec.altNames ?? [] },
        ],
  );
  cert.sign(spec.issuer?.key ?? spec.selfKey!, forge.md.sha256.create());
  return cert;
}

const LOCAL_NAMES: CertSpec['altNames'] = [
  { type: 2, value: 'localhost' },
  { type: 7, ip: '127.0.0.1' },
];

export function makeTestPki(): TestPki {
  const now = Date.now();
  const caKeys = keyPair();
  const caCert = certificate({
    commonName: 'Claude Assistant test CA',
    publicKey: caKeys.keys.publicKey,
    selfKey: caKeys.keys.privateKey,
    isCa: true,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 30 * DAY),
  });
  const issuer = { cert: caCert, key: caKeys.keys.privateKey };
  const leaf = (commonName: string, altNames: CertSpec['altNames'], notBefore: number, notAfter: number): Pem => {
    const k = keyPair();
    const cert = certificate({ commonName, publicKey: k.keys.publicKey, issuer, altNames, notBefore: new Date(notBefore), notAfter: new Date(notAfter) });
    return { cert: forge.pki.certificateToPem(cert), key: k.pem };
  };
  const ca = { cert: forge.pki.certificateToPem(caCert), key: caKeys.pem };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-tls-'));
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, ca.cert);
  return {
    ca,
    server: leaf('127.0.0.1', LOCAL_NAMES, now - DAY, now + 30 * DAY),
    otherHost: leaf('other.example', [{ type: 2, value: 'other.example' }], now - DAY, now + 30 * DAY),
    expired: leaf('127.0.0.1', LOCAL_NAMES, now - 30 * DAY, now - DAY),
    dir,
    caFile,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
