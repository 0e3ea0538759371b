/** Time and ids come in as functions: the system's in production, injected in tests. */
export type Clock = () => Date;
export type IdGenerator = () => string;
