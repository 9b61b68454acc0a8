import cliProgress from 'cli-progress';

/** What the upload reports as it goes: bytes (decompressed) and records of the parts sent so far. */
export interface UploadProgress {
  start(totalBytes: number, totalRecords: number, parts: number): void;
  /** `bytes` and `records` sent so far in all, now in part `part`. */
  update(bytes: number, records: number, part: number): void;
  stop(): void;
}

const MIB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MIB).toFixed(1);

/** A bar on stderr with bytes, records and the part: only on a terminal, so CI logs and tests stay quiet. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): UploadProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'uploading |{bar}| {percentage}% | {sent}/{size} MiB | {records}/{totalRecords} records | part {part}/{parts}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let totals = { bytes: 0, records: 0, parts: 0 };
  return {
    start(bytes, records, parts) {
      totals = { bytes, records, parts };
      bar.start(bytes, 0, {
        sent: mib(0),
        size: mib(bytes),
        records: 0,
        totalRecords: records,
        part: 1,
        parts,
      });
    },
    update(bytes, records, part) {
      bar.update(bytes, { sent: mib(bytes), size: mib(totals.bytes), records, part });
    },
    stop: () => bar.stop(),
  };
}

export const silentProgress: UploadProgress = { start() {}, update() {}, stop() {} };

/** The bar when asked for and stderr is a terminal, else nothing. */
export function progressFor(wanted: boolean): UploadProgress {
  return wanted && process.stderr.isTTY ? terminalProgress() : silentProgress;
}
