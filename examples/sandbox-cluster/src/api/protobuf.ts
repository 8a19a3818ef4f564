type Fields = Map<number, Array<number | Buffer>>;

/** Splits one protobuf message into its fields (varints and length-delimited only). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let i = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      if (b === undefined) throw new Error('truncated protobuf');
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const wire = key % 8;
    const field = Math.floor(key / 8);
    let val: number | Buffer;
    if (wire === 0) val = varint();
    else if (wire === 2) {
      const len = varint();
      val = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) {
      val = 0;
      i += 8;
    } else if (wire === 5) {
      val = 0;
      i += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    const l = out.get(field);
    if (l) l.push(val);
    else out.set(field, [val]);
  }
  return out;
}

const str = (f: Fields, n: number) => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};
const map = (f: Fields, n: number, bytes = false) => {
  const entries = (f.get(n) ?? []).filter(Buffer.isBuffer).map(e => {
    const kv = fields(e);
    const v = kv.get(2)?.[0];
    return [
      str(kv, 1) ?? '',
      Buffer.isBuffer(v) ? v.toString(bytes ? 'base64' : 'utf8') : '',
    ];
  });
  return entries.length ? Object.fromEntries(entries) : undefined;
};
const msg = (f: Fields, n: number) => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? fields(v) : (new Map() as Fields);
};
const clean = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function objectMeta(f: Fields) {
  return clean({
    name: str(f, 1),
    generateName: str(f, 2),
    namespace: str(f, 3),
    labels: map(f, 11),
    annotations: map(f, 12),
  });
}

/**
 * Decodes the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown) for the
 * simple kinds that kubectl's typed clients create (Namespace, ConfigMap, Secret,
 * ServiceAccount). Other kinds are rejected with 415 by the caller.
 */
export function decodeKubeProtobuf(
  body: Buffer,
): Record<string, unknown> | undefined {
  if (body.subarray(0, 4).toString('latin1') !== 'k8s\u0000') return undefined;
  const unknown = fields(body.subarray(4));
  const typeMeta = msg(unknown, 1);
  const apiVersion = str(typeMeta, 1) ?? '';
  const kind = str(typeMeta, 2) ?? '';
  const raw = unknown.get(2)?.[0];
  if (!Buffer.isBuffer(raw)) return undefined;
  const o = fields(raw);
  const metadata = objectMeta(msg(o, 1));
  switch (kind) {
    case 'Namespace':
      return { apiVersion, kind, metadata };
    case 'ConfigMap':
      return clean({
        apiVersion,
        kind,
        metadata,
        data: map(o, 2),
        binaryData: map(o, 3, true),
      });
    case 'Secret':
      return clean({
        apiVersion,
        kind,
        metadata,
        data: map(o, 2, true),
        type: str(o, 3),
        stringData: map(o, 4),
      });
    case 'ServiceAccount':
      return { apiVersion, kind, metadata };
    default:
      return undefined;
  }
}
