/**
 * The HTTP edge of the import use cases: a request body → the files in it, read as a stream and counted as they
 * arrive, so an upload beyond the limit is refused (PayloadTooLargeError → 413) as soon as it crosses it, without
 * being read to the end.
 *
 * Two ways to send files:
 * - `multipart/form-data` (an HTML form, `curl -F file=@providers.csv`): every file part is one file, named by its
 *   file name; other fields are ignored;
 * - any other content type (`text/csv`, `application/json`, `application/x-ndjson`, `application/octet-stream`):
 *   the body is one file, named by the `name` query parameter (default "upload").
 *
 * Bytes are decoded as UTF-8, or Windows-1252 when they are not UTF-8 (./read-files.ts).
 */
import type { Request } from 'express';
import busboy from 'busboy';
import { AppError, ValidationError } from '../shared/errors.ts';
import { decodeText } from './read-files.ts';
import type { ImportFile } from './report.ts';

export const UPLOAD_DEFAULTS = {
  /** bytes of one upload, all files together (UPLOAD_MAX_BYTES) */
  maxBytes: 64 * 1024 * 1024,
  /** files in one multipart request */
  maxFiles: 50,
} as const;

/** The upload is larger than the configured limit (UPLOAD_MAX_BYTES). */
export class PayloadTooLargeError extends AppError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly retriable = false;
  constructor(readonly limitBytes: number) {
    super(
      `The upload is larger than the limit of ${formatBytes(limitBytes)} (UPLOAD_MAX_BYTES); split it into smaller files, or import it with the CLI`,
    );
    this.name = 'PayloadTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * Reads the files of an upload. Throws PayloadTooLargeError past `maxBytes` (all files together), ValidationError
 * when there is no file or the multipart body is malformed.
 */
export async function readUpload(req: Request, maxBytes: number): Promise<ImportFile[]> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  const files = req.is('multipart/form-data') ? await readMultipart(req, maxBytes) : [await readRaw(req, maxBytes)];
  if (files.length === 0 || files.every((f) => f.text.trim() === '')) {
    throw new ValidationError([
      { path: 'file', message: 'the upload holds no file (send a file part in multipart/form-data, or the file as the body)' },
    ]);
  }
  return files;
}

function readRaw(req: Request, maxBytes: number): Promise<ImportFile> {
  const name = typeof req.query.name === 'string' && req.query.name.trim() !== '' ? req.query.name.trim().slice(0, 200) : 'upload';
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(new PayloadTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ name, text: decodeText(Buffer.concat(chunks)) }));
    req.once('error', reject);
  });
}

function readMultipart(req: Request, maxBytes: number): Promise<ImportFile[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: UPLOAD_DEFAULTS.maxFiles, fileSize: maxBytes } });
    } catch (error) {
      reject(
        new ValidationError([{ path: 'content-type', message: `not a readable multipart/form-data body: ${(error as Error).message}` }]),
      );
      return;
    }
    const files: ImportFile[] = [];
    const pending: Promise<void>[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.pause();
      reject(error);
    };
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise((done) => {
          stream.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) fail(new PayloadTooLargeError(maxBytes));
            else chunks.push(chunk);
          });
          stream.on('limit', () => fail(new PayloadTooLargeError(maxBytes)));
          stream.on('end', () => {
            files.push({ name: info.filename || `file ${files.length + 1}`, text: decodeText(Buffer.concat(chunks)) });
            done();
          });
        }),
      );
    });
    parser.on('filesLimit', () =>
      fail(new ValidationError([{ path: 'file', message: `at most ${UPLOAD_DEFAULTS.maxFiles} files per upload` }])),
    );
    parser.on('error', (error: Error) =>
      fail(new ValidationError([{ path: 'body', message: `malformed multipart/form-data: ${error.message}` }])),
    );
    parser.on('close', () => {
      if (!failed) void Promise.all(pending).then(() => resolve(files));
    });
    req.pipe(parser);
  });
}
