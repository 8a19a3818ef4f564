import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';
import selfsigned from 'selfsigned';

/** A self-signed certificate for 127.0.0.1/localhost that also serves as its own CA. */
export function makeCertificate(
  host: string,
  name: string,
): { key: string; cert: string } {
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  const altNames = [
    { type: 7, ip: '127.0.0.1' },
    { type: 2, value: 'localhost' },
    ...(host !== '127.0.0.1' && host !== 'localhost'
      ? [isIp ? { type: 7, ip: host } : { type: 2, value: host }]
      : []),
  ];
  const pems = selfsigned.generate(
    [{ name: 'commonName', value: `${name}-apiserver` }],
    {
      days: 365,
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          digitalSignature: true,
          keyEncipherment: true,
        },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames },
      ],
    },
  );
  return { key: pems.private, cert: pems.cert };
}

// in forge's API, missing from its typings
const tbsOf = (
  forge.pki as unknown as {
    getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1;
  }
).getTBSCertificate;

function signed(
  subject: string,
  issuer: { cert?: forge.pki.Certificate; key: string } | undefined,
  extensions: object[],
): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer(
    issuer?.cert
      ? issuer.cert.subject.attributes
      : [{ name: 'commonName', value: subject }],
  );
  cert.setExtensions(extensions);
  // signed by Node's crypto: forge's own RSA in JavaScript takes seconds
  const sha256WithRsa = forge.pki.oids.sha256WithRSAEncryption;
  cert.siginfo.algorithmOid = sha256WithRsa;
  cert.signatureOid = sha256WithRsa;
  const tbs = Buffer.from(forge.asn1.toDer(tbsOf(cert)).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, issuer?.key ?? key).toString('binary');
  return { cert: forge.pki.certificateToPem(cert), key };
}

/** The CA client certificates are signed with, kube-apiserver's --client-ca-file. */
export function makeClientCa(name: string): { key: string; cert: string } {
  return signed(`${name}-client-ca`, undefined, [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true },
  ]);
}

/** A client certificate for `user` signed by `ca`: kube-apiserver takes the common name as the user name. */
export function issueClientCertificate(
  ca: { key: string; cert: string },
  user: string,
): { cert: string; key: string } {
  return signed(
    user,
    { cert: forge.pki.certificateFromPem(ca.cert), key: ca.key },
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  );
}
