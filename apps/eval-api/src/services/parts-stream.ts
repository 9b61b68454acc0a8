/**
 * One stream of the objects under `keys`, one after the other, read from R2 as the reader pulls: a run's
 * parts served as the one file they make without any of them held whole in memory.
 */
export function concatenatedObjects(bucket: R2Bucket, keys: readonly string[]): ReadableStream<Uint8Array> {
  let next = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (reader === null) {
          const key = keys[next++];
          if (key === undefined) return controller.close();
          const object = await bucket.get(key);
          if (!object) throw new Error(`the stored part ${key} is missing`);
          reader = object.body.getReader();
        }
        const { done, value } = await reader.read();
        if (!done) return controller.enqueue(value);
        reader = null;
      }
    },
    cancel: (reason) => reader?.cancel(reason),
  });
}
