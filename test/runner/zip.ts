// Reads a zip (the packaged claude-assistant.vsix) in memory with yauzl: every file's content by name.
// Used by the .vsix unit test (test/unit/vsixNoKey.test.ts) and the bench's footprint.
import * as fs from 'fs';
import * as yauzl from 'yauzl';

/** Every file of the zip `file`, name → uncompressed content, in the zip's order (folder entries skipped). */
export function readZip(file: string): Promise<Map<string, Buffer>> {
  const buffer = fs.readFileSync(file);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('error', reject);
      zip.on('end', () => resolve(files));
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
