import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { storageKeyPattern, type FileStorage } from './file-storage';

const contentTypes: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

export function createDiskFileStorage(rootDir: string): FileStorage {
  const resolve = (key: string) => {
    if (!storageKeyPattern.test(key)) return null;
    return path.join(rootDir, key);
  };
  return {
    async put(key, bytes) {
      const file = resolve(key);
      if (!file) throw new Error(`invalid storage key ${key}`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    async open(key) {
      const file = resolve(key);
      if (!file) return null;
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return null;
      const extension = key.slice(key.lastIndexOf('.') + 1);
      return {
        stream: createReadStream(file),
        contentType: contentTypes[extension] ?? 'application/octet-stream',
        size: info.size,
      };
    },
    urlFor: (key) => `/uploads/${key}`,
  };
}
