import type { Show } from '../../prisma/generated/client';
import type { FileStorage } from '../storage/file-storage';

export interface ShowLinks {
  storage: FileStorage;
  publicBaseUrl: string;
}

export const hlsPath = (showId: string) => `/hls/${showId}/index.m3u8`;

export function toShowView(show: Show & { host?: { name: string } | null }, links: ShowLinks) {
  const { streamKeyHash: _secret, host, ...rest } = show;
  return {
    ...rest,
    hostName: host?.name ?? null,
    coverUrl: show.coverImageKey ? links.storage.urlFor(show.coverImageKey) : null,
    publicUrl: `${links.publicBaseUrl}/shows/${show.id}`,
  };
}

export function toPublicShowView(show: Show & { brand: { name: string } }, links: ShowLinks) {
  return {
    id: show.id,
    title: show.title,
    description: show.description,
    coverUrl: show.coverImageKey ? links.storage.urlFor(show.coverImageKey) : null,
    scheduledStartAt: show.scheduledStartAt,
    status: show.status,
    startedAt: show.startedAt,
    endedAt: show.endedAt,
    hlsUrl: show.status === 'LIVE' ? hlsPath(show.id) : null,
    replayUrl: show.status === 'ENDED' && show.replayPath ? hlsPath(show.id) : null,
    brandName: show.brand.name,
    brandId: show.brandId,
    chatRequiresSignIn: show.chatRequiresSignIn,
  };
}
