'use client';

import { useEffect, useRef } from 'react';
import styles from './studio.module.css';

/** Microphone level from a WebAudio analyser, drawn straight into the DOM (no React render per frame). */
export function MicLevelMeter({ track }: { track: MediaStreamTrack | null }) {
  const bar = useRef<HTMLDivElement>(null);
  const meter = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!track || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    analyser.smoothingTimeConstant = 0.3;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let level = 0;
    let frame = 0;
    const draw = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      // dBFS mapped to 0..1 over -60..0 dB, falling back slowly so speech is readable.
      const target = Math.max(0, Math.min(1, (20 * Math.log10(rms || 1e-8) + 60) / 60));
      level = target > level ? target : level * 0.92 + target * 0.08;
      const percent = Math.round(level * 100);
      if (bar.current) bar.current.style.transform = `scaleX(${level})`;
      if (meter.current && meter.current.getAttribute('aria-valuenow') !== String(percent)) {
        meter.current.setAttribute('aria-valuenow', String(percent));
        meter.current.dataset.level = String(percent);
      }
      frame = requestAnimationFrame(draw);
    };
    draw();
    // An AudioContext made before any click may start suspended: wake it on the host's first interaction.
    const resume = () => void context.resume().catch(() => {});
    resume();
    window.addEventListener('pointerdown', resume, { once: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('pointerdown', resume);
      source.disconnect();
      void context.close().catch(() => {});
    };
  }, [track]);

  return (
    <div
      ref={meter}
      className={styles.meter}
      role="meter"
      aria-label="Microphone level"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      data-testid="mic-level"
      data-level="0"
    >
      <div ref={bar} className={styles.meterBar} />
    </div>
  );
}
