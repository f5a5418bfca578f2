// Types for the part of yauzl used by test/runner/zip.ts. yauzl (a zip reader) comes with @vscode/vsce
// and ships no types of its own.
declare module 'yauzl' {
  export interface Entry {
    fileName: string;
  }
  export interface ZipFile {
    readEntry(): void;
    openReadStream(entry: Entry, cb: (err: Error | null, stream: NodeJS.ReadableStream) => void): void;
    on(event: 'entry', cb: (entry: Entry) => void): this;
    on(event: 'end', cb: () => void): this;
    on(event: 'error', cb: (err: Error) => void): this;
  }
  export function fromBuffer(buffer: Buffer, options: { lazyEntries: boolean }, cb: (err: Error | null, zip: ZipFile) => void): void;
}
