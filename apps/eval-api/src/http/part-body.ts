import { ApiError } from '../errors.js';
import type { PartBody } from '../services/upload.js';
import { checkDeclaredLength, isNdjsonContentType } from './body.js';

/** The header that declares a gzipped part's size decompressed (after AWS's x-amz-decoded-content-length). */
export const DECODED_LENGTH_HEADER = 'X-Decoded-Content-Length';

function tooLarge(bytes: number, limit: number): ApiError {
  return new ApiError(
    'payload_too_large',
    `the part is ${bytes} bytes decompressed, over the limit of ${limit} bytes a part`,
  );
}

function decodedLengthOf(request: Request): number | null {
  const header = request.headers.get(DECODED_LENGTH_HEADER);
  if (header === null || header.trim() === '') return null;
  const length = Number(header);
  if (!Number.isSafeInteger(length) || length < 0)
    throw new ApiError('bad_request', `invalid ${DECODED_LENGTH_HEADER} header`);
  return length;
}

/** gzip, or null for a body sent as it is; any other Content-Encoding is a 415. */
function encodingOf(request: Request): 'gzip' | null {
  const encoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return null;
  if (encoding === 'gzip' || encoding === 'x-gzip') return 'gzip';
  throw new ApiError(
    'unsupported_media_type',
    `Content-Encoding ${encoding} is not accepted: send the part gzipped or uncompressed`,
  );
}

/**
 * Reads what a part upload declares before a byte of its body is read: NDJSON, gzipped or not, and its
 * decompressed length (Content-Length for a plain body, X-Decoded-Content-Length for a gzipped one: R2 needs
 * it up front, and it lets an over-limit part be refused at once). Limits are in decompressed bytes.
 */
export function partBodyOf(request: Request, maxPartBytes: number): PartBody {
  if (!isNdjsonContentType(request.headers.get('content-type') ?? ''))
    throw new ApiError('unsupported_media_type', 'upload generations as application/x-ndjson');
  const gzip = encodingOf(request) === 'gzip';
  const declared = decodedLengthOf(request);
  // The body as sent is never over the limit either (a gzipped part is smaller than it decompressed).
  const sent = checkDeclaredLength(request, maxPartBytes);
  const length = gzip ? declared : sent;
  if (length === null) {
    throw new ApiError(
      'length_required',
      gzip
        ? `send ${DECODED_LENGTH_HEADER} (the part's size decompressed) with a gzipped part`
        : 'send the Content-Length of the upload',
    );
  }
  if (!gzip && declared !== null && declared !== length)
    throw new ApiError(
      'bad_request',
      `${DECODED_LENGTH_HEADER} differs from the Content-Length of a plain body`,
    );
  if (length > maxPartBytes) throw tooLarge(length, maxPartBytes);
  const stream = request.body;
  if (length === 0 || stream === null || sent === 0)
    throw new ApiError('invalid_request', 'the upload has no records', { field: 'body' });
  return { stream, gzip, length };
}
