import type { ForwardedCodec, RtpSink } from '../engine/ingest-engine';

// The SDP file ffmpeg reads to know which UDP ports carry which codec. No rtcp-mux: ffmpeg
// listens for RTCP (the sender reports it needs for A/V sync) on port + 1.
export function buildPackagerSdp(sink: RtpSink, video: ForwardedCodec, audio: ForwardedCodec | null): string {
  const lines = [
    'v=0',
    `o=- 0 0 IN IP4 ${sink.ip}`,
    's=livecart ingest',
    `c=IN IP4 ${sink.ip}`,
    't=0 0',
    ...mediaSection(video, sink.videoPort),
  ];
  if (audio && sink.audioPort !== undefined) lines.push(...mediaSection(audio, sink.audioPort));
  return `${lines.join('\r\n')}\r\n`;
}

function mediaSection(codec: ForwardedCodec, port: number): string[] {
  const channels = codec.channels ? `/${codec.channels}` : '';
  const lines = [
    `m=${codec.kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${codec.encodingName}/${codec.clockRate}${channels}`,
  ];
  if (codec.fmtp) lines.push(`a=fmtp:${codec.payloadType} ${codec.fmtp}`);
  lines.push('a=recvonly');
  return lines;
}
