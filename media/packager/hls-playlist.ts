import { appendFile, readFile } from 'node:fs/promises';

export interface PlaylistSummary {
  segments: string[];
  discontinuities: number;
  ended: boolean;
}

export function summarizePlaylist(text: string): PlaylistSummary {
  const lines = text.split('\n').map((line) => line.trim());
  return {
    segments: lines.filter((line) => line.length > 0 && !line.startsWith('#')),
    discontinuities: lines.filter((line) => line === '#EXT-X-DISCONTINUITY').length,
    ended: lines.includes('#EXT-X-ENDLIST'),
  };
}

export async function readPlaylist(file: string): Promise<PlaylistSummary | null> {
  try {
    return summarizePlaylist(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Close the playlist so players treat it as a finished replay. Idempotent. */
export async function appendEndList(file: string): Promise<boolean> {
  const summary = await readPlaylist(file);
  if (!summary || summary.ended) return false;
  await appendFile(file, '#EXT-X-ENDLIST\n');
  return true;
}
