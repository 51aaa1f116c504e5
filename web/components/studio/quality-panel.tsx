'use client';

import { useEffect, useState } from 'react';
import { sampleConnectionQuality, type QualitySample } from '../../../media/browser/connection-quality';
import styles from './studio.module.css';

const levelText: Record<QualitySample['level'], string> = { good: 'Good', fair: 'Fair', poor: 'Poor' };

/** Upload quality from getStats every second while `active` (the panel and the phone overlay both read it). */
export function useQualitySample(
  active: boolean,
  peerConnection: () => RTCPeerConnection | null,
): QualitySample | null {
  const [sample, setSample] = useState<QualitySample | null>(null);
  useEffect(() => {
    if (!active) {
      setSample(null);
      return;
    }
    return sampleConnectionQuality(peerConnection, setSample, 1000);
  }, [active, peerConnection]);
  return sample;
}

/** What viewers will get, and whether the network keeps up. */
export function QualityPanel({
  active,
  reconnecting,
  sample,
}: {
  active: boolean;
  reconnecting: boolean;
  sample: QualitySample | null;
}) {
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="quality-title" data-testid="quality-panel">
      <div className={styles.panelHeader}>
        <h2 id="quality-title">Connection</h2>
        {sample ? (
          <span
            className={`${styles.quality} ${styles[`quality-${sample.level}`]}`}
            data-testid="quality-level"
            data-level={sample.level}
          >
            {levelText[sample.level]}
          </span>
        ) : null}
      </div>
      {sample ? (
        <dl className={styles.stats}>
          <div>
            <dt>Bitrate</dt>
            <dd data-testid="quality-bitrate">{(sample.bitrateKbps / 1000).toFixed(1)} Mbit/s</dd>
          </div>
          <div>
            <dt>Frame rate</dt>
            <dd data-testid="quality-fps">{Math.round(sample.fps)} fps</dd>
          </div>
          <div>
            <dt>Resolution</dt>
            <dd data-testid="quality-resolution">
              {sample.width && sample.height ? `${sample.width}×${sample.height}` : '—'}
            </dd>
          </div>
          <div>
            <dt>Packet loss</dt>
            <dd data-testid="quality-loss">{(sample.packetLoss * 100).toFixed(1)} %</dd>
          </div>
          {sample.roundTripMs !== null ? (
            <div>
              <dt>Round trip</dt>
              <dd>{sample.roundTripMs} ms</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p className="muted">
          {reconnecting ? 'Connection lost, reconnecting…' : active ? 'Measuring…' : 'Shown while you are live.'}
        </p>
      )}
      {sample?.level === 'poor' ? (
        <p className={styles.warning}>
          Your upload is struggling. Close other uploads or move closer to the Wi-Fi router.
        </p>
      ) : null}
    </section>
  );
}
