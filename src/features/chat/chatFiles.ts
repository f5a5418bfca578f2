/**
 * A chat's files in the workspace storage folder: its snapshot (`<id>.json`, the whole chat, written
 * to a temporary file and renamed over the last one) and its journal (`<id>.jsonl`, a line appended
 * per save with what changed: chatJournal.ts). A save of a chat read or written here appends to the
 * journal; one not known here (or whose journal's state is unknown after a failed write) writes the
 * snapshot. A journal grown longer than its snapshot is folded into a new snapshot.
 * A torn append (a crash while it was written) is at worst an unfinished last line, which reading
 * stops before; a torn snapshot is the temporary file, never the chat's file.
 */
import { randomInt } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { journalRecord, replayJournal, shouldCompact, snapshotGeneration, snapshotText, type ChatImage, type Replayed } from '../../core/conversation/chatJournal';
import type { StoredChat } from '../../core/conversation/storedChat';

/** What is on disk for a chat, as this window last read or wrote it. */
interface Written {
  image: ChatImage;
  generation: number;
  snapshotBytes: number;
  journalBytes: number;
}

/** Chats whose files' state is remembered (the open one and the few last touched); others write a snapshot on their next save. */
const REMEMBERED = 4;

/** The chat as it is now, to compare the next save with; its turns are frozen (a changed turn must be a new object). */
function imageOf(chat: StoredChat): ChatImage {
  for (const t of chat.turns) Object.freeze(t);
  return { ...chat, turns: [...chat.turns] };
}

export class ChatFiles {
  private readonly written = new Map<string, Written>();
  private tmpCount = 0;
  /** Bytes written to chat files by this window (what the journal saves). */
  bytesWritten = 0;

  constructor(readonly dir: string) {}

  snapshotFile(id: string): string {
    return path.join(this.dir, `${encodeURIComponent(id)}.json`);
  }

  journalFile(id: string): string {
    return path.join(this.dir, `${encodeURIComponent(id)}.jsonl`);
  }

  has(id: string): boolean {
    return fs.existsSync(this.snapshotFile(id));
  }

  /** The snapshot's value (its JSON, or the text itself when it is not JSON); undefined when there is no file. */
  readSnapshot(id: string): { raw: unknown; bytes: number } | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.snapshotFile(id), 'utf8');
    } catch {
      return undefined;
    }
    try {
      return { raw: JSON.parse(text), bytes: Buffer.byteLength(text) };
    } catch {
      return { raw: text, bytes: Buffer.byteLength(text) };
    }
  }

  /**
   * Applies the chat's journal to its snapshot (`chat`, read from `raw`), as far as it can be read.
   * When all of it was read, the chat's next save appends to it; otherwise the next write is a snapshot.
   */
  replay(id: string, chat: StoredChat, snapshot: { raw: unknown; bytes: number }): Replayed {
    let text = '';
    try {
      text = fs.readFileSync(this.journalFile(id), 'utf8');
    } catch {
      // No journal: nothing was saved since the snapshot.
    }
    const generation = snapshotGeneration(snapshot.raw);
    const replayed = text ? replayJournal(chat, text, generation) : { applied: 0 };
    if (replayed.unreadable) this.written.delete(id);
    else this.remember(id, { image: imageOf(chat), generation, snapshotBytes: snapshot.bytes, journalBytes: Buffer.byteLength(text) });
    return replayed;
  }

  /** Writes what changed in the chat since it was last read or written here. Resolves true when its journal should be folded into a snapshot. */
  async write(id: string, chat: StoredChat): Promise<boolean> {
    const image = imageOf(chat);
    const last = this.written.get(id);
    if (!last) {
      await this.writeSnapshot(id, image);
      return false;
    }
    const record = journalRecord(last.image, image, last.generation);
    if (!record) return false;
    const line = `${JSON.stringify(record)}\n`;
    // Until the line is written, the journal's state is unknown: a failed append makes the next write a snapshot.
    this.written.delete(id);
    await fs.promises.appendFile(this.journalFile(id), line);
    const bytes = Buffer.byteLength(line);
    this.bytesWritten += bytes;
    const journalBytes = last.journalBytes + bytes;
    this.remember(id, { ...last, image, journalBytes });
    return shouldCompact(journalBytes, last.snapshotBytes);
  }

  /** Folds the chat's journal into a new snapshot of it as last written here. */
  async compact(id: string): Promise<void> {
    const last = this.written.get(id);
    if (last) await this.writeSnapshot(id, last.image);
  }

  /**
   * The whole chat, to a temporary file renamed over the snapshot, then the journal removed. Its
   * generation is new: should a crash leave the old journal behind, its lines are not applied again.
   */
  private async writeSnapshot(id: string, image: ChatImage): Promise<void> {
    this.written.delete(id);
    const file = this.snapshotFile(id);
    await fs.promises.mkdir(this.dir, { recursive: true });
    const generation = randomInt(1, 2 ** 47);
    const text = snapshotText(image, generation);
    const tmp = `${file}.${process.pid}.${++this.tmpCount}.tmp`;
    await fs.promises.writeFile(tmp, text);
    await fs.promises.rename(tmp, file);
    await fs.promises.rm(this.journalFile(id), { force: true });
    const bytes = Buffer.byteLength(text);
    this.bytesWritten += bytes;
    this.remember(id, { image, generation, snapshotBytes: bytes, journalBytes: 0 });
  }

  async remove(id: string): Promise<void> {
    this.written.delete(id);
    await fs.promises.rm(this.snapshotFile(id), { force: true });
    await fs.promises.rm(this.journalFile(id), { force: true });
  }

  /** Moves the chat's snapshot and journal aside (unreadable); returns where the snapshot went. */
  moveAside(id: string, stamp: number): string {
    this.written.delete(id);
    const aside = `${this.snapshotFile(id)}.unreadable.${stamp}`;
    fs.renameSync(this.snapshotFile(id), aside);
    if (fs.existsSync(this.journalFile(id))) fs.renameSync(this.journalFile(id), `${this.journalFile(id)}.unreadable.${stamp}`);
    return aside;
  }

  /** Keeps a copy of the chat's journal aside (part of it unreadable); returns where. */
  copyJournalAside(id: string, stamp: number): string {
    const aside = `${this.journalFile(id)}.unreadable.${stamp}`;
    fs.copyFileSync(this.journalFile(id), aside);
    return aside;
  }

  private remember(id: string, written: Written): void {
    this.written.delete(id);
    this.written.set(id, written);
    while (this.written.size > REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }
}
