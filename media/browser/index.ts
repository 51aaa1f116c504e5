export { publishWhip, preferH264, withoutVideoOrientation, WhipPublishError } from './whip-publisher';
export type { PublisherState, WhipPublisher, WhipPublisherOptions } from './whip-publisher';
export { sampleConnectionQuality, classifyQuality } from './connection-quality';
export type { QualitySample } from './connection-quality';
export { createHlsPlayer } from './hls-player';
export type { HlsPlayer, HlsPlayerOptions } from './hls-player';
