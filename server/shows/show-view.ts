import type { Show } from '../../prisma/generated/client';
import type { FileStorage } from '../storage/file-storage';
import type { PublicShow, Show as ShowView } from './show-schemas';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export interface ShowLinks {
  storage: FileStorage;
  publicBaseUrl: string;
}

export const hlsPath = (showId: string) => `/hls/${showId}/index.m3u8`;

export function toShowView(show: Show & { host?: { name: string } | null }, links: ShowLinks): ShowView {
  const { streamKeyHash: _secret, replayPath: _path, host, ...rest } = show;
  return {
    ...rest,
    scheduledStartAt: show.scheduledStartAt.toISOString(),
    startedAt: iso(show.startedAt),
    endedAt: iso(show.endedAt),
    streamKeyRotatedAt: show.streamKeyRotatedAt.toISOString(),
    createdAt: show.createdAt.toISOString(),
    updatedAt: show.updatedAt.toISOString(),
    hostName: host?.name ?? null,
    coverUrl: show.coverImageKey ? links.storage.urlFor(show.coverImageKey) : null,
    publicUrl: `${links.publicBaseUrl}/shows/${show.id}`,
  };
}

export function toPublicShowView(show: Show & { brand: { name: string } }, links: ShowLinks): PublicShow {
  return {
    id: show.id,
    title: show.title,
    description: show.description,
    coverUrl: show.coverImageKey ? links.storage.urlFor(show.coverImageKey) : null,
    scheduledStartAt: show.scheduledStartAt.toISOString(),
    status: show.status,
    startedAt: iso(show.startedAt),
    endedAt: iso(show.endedAt),
    hlsUrl: show.status === 'LIVE' ? hlsPath(show.id) : null,
    replayUrl: show.status === 'ENDED' && show.replayPath ? hlsPath(show.id) : null,
    brandName: show.brand.name,
    brandId: show.brandId,
    chatRequiresSignIn: show.chatRequiresSignIn,
  };
}
