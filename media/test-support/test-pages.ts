// Minimal pages driving the browser helpers: a publisher (fake camera, or a canvas with a
// timestamp code for latency measurement) and an hls.js player that reports playback progress.

export const publisherPage = `<!doctype html><html><body>
<canvas id="c" width="1280" height="720" style="display:none"></canvas>
<script src="/test/assets/livecart-media.js"></script>
<script>
window.states = [];
async function cameraStream() {
  return navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720, frameRate: 30 }, audio: true });
}
// Draws Date.now() as 44 black/white blocks (one per bit) so the player can read it back from decoded frames.
async function clockStream() {
  const canvas = document.getElementById('c');
  const ctx = canvas.getContext('2d');
  const draw = () => {
    const t = Date.now();
    ctx.fillStyle = 'rgb(40,90,160)'; ctx.fillRect(0, 0, 1280, 720);
    ctx.fillStyle = 'white'; ctx.font = '64px sans-serif'; ctx.fillText(String(t), 80, 400);
    for (let bit = 0; bit < 44; bit++) {
      const on = Math.floor(t / 2 ** bit) % 2 === 1;
      ctx.fillStyle = on ? 'white' : 'black';
      ctx.fillRect((bit % 22) * 58, Math.floor(bit / 22) * 58, 58, 58);
    }
    requestAnimationFrame(draw);
  };
  draw();
  setInterval(() => {}, 1000);
  const stream = canvas.captureStream(30);
  const audio = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of audio.getAudioTracks()) stream.addTrack(track);
  return stream;
}
// Like the studio preview: the camera is open before the host clicks Go live.
window.prepare = async (source) => {
  window.prepared = source === 'clock' ? await clockStream() : await cameraStream();
};
window.startPublishing = async (token, source) => {
  const stream = window.prepared ?? (source === 'clock' ? await clockStream() : await cameraStream());
  try {
    window.publisher = await LivecartMedia.publishWhip(stream, '/api/media/whip', token, {
      onStateChange: (s) => window.states.push(s),
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, code: error.code, status: error.status, message: error.message };
  }
};
window.stopPublishing = () => window.publisher.stop();
</script></body></html>`;

export const playerPage = `<!doctype html><html><body>
<video id="v" muted playsinline autoplay width="640" height="360"></video>
<canvas id="probe" width="1280" height="120" style="display:none"></canvas>
<script src="/test/assets/hls.min.js"></script>
<script src="/test/assets/livecart-media.js"></script>
<script>
const video = document.getElementById('v');
window.stalls = 0;
video.addEventListener('waiting', () => { window.stalls += 1; });
// hls.js's own log, the last lines kept for failure messages.
window.hlsLog = [];
const keep = (level) => (...args) => {
  window.hlsLog.push(new Date().toISOString().slice(17, 23) + ' ' + level + ' ' + args.map(String).join(' ').slice(0, 300));
  if (window.hlsLog.length > 400) window.hlsLog.shift();
};
const debug = { trace: () => {}, debug: () => {}, log: keep('log'), info: keep('info'), warn: keep('warn'), error: keep('error') };
window.startPlayer = (src, liveSyncSeconds) => {
  window.player = LivecartMedia.createHlsPlayer({ Hls, video, src, liveSyncSeconds, config: { debug } });
};
window.playback = () => ({
  currentTime: video.currentTime,
  frames: video.getVideoPlaybackQuality().totalVideoFrames,
  width: video.videoWidth,
  height: video.videoHeight,
  readyState: video.readyState,
  paused: video.paused,
  ended: video.ended,
  stalls: window.stalls,
  latency: window.player ? window.player.latency() : null,
  rate: video.playbackRate,
  bufferAhead: video.buffered.length ? video.buffered.end(video.buffered.length - 1) - video.currentTime : 0,
  resolution: video.videoWidth + 'x' + video.videoHeight,
});
// Several viewers in one visible tab (Chromium pauses muted videos in background tabs).
window.players = [];
window.addPlayer = (src) => {
  const element = document.createElement('video');
  element.muted = true; element.autoplay = true; element.playsInline = true; element.width = 160; element.height = 90;
  const entry = { element, stalls: 0 };
  element.addEventListener('waiting', () => { entry.stalls += 1; });
  document.body.appendChild(element);
  entry.player = LivecartMedia.createHlsPlayer({ Hls, video: element, src });
  window.players.push(entry);
};
window.playbackOf = (index) => {
  const { element, stalls } = window.players[index];
  const buffered = [];
  for (let i = 0; i < element.buffered.length; i++) buffered.push([element.buffered.start(i), element.buffered.end(i)]);
  return { currentTime: element.currentTime, frames: element.getVideoPlaybackQuality().totalVideoFrames,
    stalls, resolution: element.videoWidth + 'x' + element.videoHeight, paused: element.paused,
    readyState: element.readyState, buffered, error: element.error && element.error.message };
};
// Reads the timestamp blocks drawn by the clock publisher from the frame on screen.
window.readClock = () => {
  if (video.videoWidth === 0) return null;
  const ctx = document.getElementById('probe').getContext('2d', { willReadFrequently: true });
  const scale = video.videoWidth / 1280;
  ctx.drawImage(video, 0, 0, video.videoWidth, 116 * scale, 0, 0, 1280, 116);
  let value = 0;
  for (let bit = 0; bit < 44; bit++) {
    const x = (bit % 22) * 58 + 29, y = Math.floor(bit / 22) * 58 + 29;
    const p = ctx.getImageData(x, y, 1, 1).data;
    if ((p[0] + p[1] + p[2]) / 3 > 128) value += 2 ** bit;
  }
  return { encoded: value, now: Date.now() };
};
</script></body></html>`;
