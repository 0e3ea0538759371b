/** A value built on the first call and kept: schemas, parsed tables, anything built once. */
export const once = <T>(build: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
};

/**
 * A read made on the first call and shared by the calls after it (one per batch); a failed read
 * is tried again, not remembered.
 */
export const onceRead = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined;
  return () => {
    value ??= read().catch((error) => {
      value = undefined;
      throw error;
    });
    return value;
  };
};
