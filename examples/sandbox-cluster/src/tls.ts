import selfsigned from 'selfsigned';

/** A self-signed certificate for 127.0.0.1/localhost that also serves as its own CA. */
export function makeCertificate(host: string, name: string): { key: string; cert: string } {
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  const altNames = [
    { type: 7, ip: '127.0.0.1' },
    { type: 2, value: 'localhost' },
    ...(host !== '127.0.0.1' && host !== 'localhost' ? [isIp ? { type: 7, ip: host } : { type: 2, value: host }] : []),
  ];
  const pems = selfsigned.generate([{ name: 'commonName', value: `${name}-apiserver` }], {
    days: 365,
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
