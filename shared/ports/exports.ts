/** A finished CSV export kept for download, answered as a link instead of a response body. */
export interface CsvExports {
  /** The origin the links point at (the dashboard's CSP lets its fetch follow them there). */
  readonly origin: string;
  /** Keeps the file and returns a link that downloads it without credentials, for a while. */
  save(file: {
    readonly name: string;
    readonly contentType: string;
    readonly body: Uint8Array;
  }): Promise<string>;
}
