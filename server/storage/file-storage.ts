import type { Readable } from 'node:stream';

/** Where uploaded images live: a folder on disk in embedded mode; an S3-compatible bucket can implement it too. */
export interface FileStorage {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  open(key: string): Promise<{ stream: Readable; contentType: string; size: number } | null>;
  urlFor(key: string): string;
}

export const storageKeyPattern = /^[a-z0-9-]{1,40}\/[A-Za-z0-9_-]{10,60}\.(png|jpg|webp)$/;
