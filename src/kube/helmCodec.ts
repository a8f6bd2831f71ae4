import { gunzipSync } from 'node:zlib';
import { type Result, err, ok } from '../common/result';
import type { HelmCodec } from '../core/apis/helmRelease';

/** Standard base64 (padding optional, as Buffer writes it): checked before decoding, since Buffer skips bad characters. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The byte steps of Helm's release encoding on Node: strict base64 and gunzip with `maxOutputLength`, so that
 * a gzip bomb stops at the cap instead of filling the extension host's memory.
 */
export const nodeHelmCodec: HelmCodec = {
  fromBase64(text) {
    if (text.length % 4 === 1 || !BASE64.test(text)) return undefined;
    return Buffer.from(text, 'base64');
  },
  gunzip(bytes, maxOutputBytes): Result<Uint8Array> {
    try {
      return ok(gunzipSync(bytes, { maxOutputLength: maxOutputBytes }));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || (e instanceof RangeError)) return err(`The release unpacks to more than ${Math.round(maxOutputBytes / (1024 * 1024))} MB; it is not read.`);
      return err('The release data is not valid gzip.');
    }
  },
};
