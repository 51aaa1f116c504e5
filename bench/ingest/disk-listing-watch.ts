// When each segment first appeared in a show's live playlist on disk (the packager and playlist
// writer run on this machine). Only used to tell why a network viewer stalled: was the segment
// not listed yet (ingest side) or listed but not fetched yet (polling, HTTP, the viewer process)?
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseLivePlaylist } from './live-playlist';

export class DiskListingWatch {
  /** Segment URI → epoch ms it was first seen in the playlist file. */
  readonly listedAt = new Map<string, number>();
  #watcher: FSWatcher | null = null;
  #reading = false;
  #again = false;

  constructor(
    readonly dir: string,
    readonly playlistName = 'index.m3u8',
  ) {}

  start(): void {
    const read = async (): Promise<void> => {
      if (this.#reading) {
        this.#again = true;
        return;
      }
      this.#reading = true;
      do {
        this.#again = false;
        const text = await readFile(path.join(this.dir, this.playlistName), 'utf8').catch(() => null);
        const now = Date.now();
        try {
          for (const segment of text ? parseLivePlaylist(text).segments : []) {
            if (!this.listedAt.has(segment.uri)) this.listedAt.set(segment.uri, now);
          }
        } catch {
          // A playlist caught mid-write by a writer without an atomic rename: the next event reads it whole.
        }
      } while (this.#again);
      this.#reading = false;
    };
    try {
      this.#watcher = watch(this.dir, (_event, name) => {
        if (name?.startsWith(this.playlistName)) void read();
      });
      this.#watcher.on('error', () => this.stop());
    } catch {
      this.#watcher = null; // the show's folder does not exist yet: no attribution for it
    }
    void read();
  }

  stop(): void {
    this.#watcher?.close();
    this.#watcher = null;
  }
}
