'use client';

import { useEffect, useRef, useState } from 'react';
import type { Camera } from './use-camera';
import styles from './studio-stage.module.css';

/**
 * The camera preview with its controls: picture shape (not while on air: viewers' players would jump), front/back
 * camera, and a mirror that flips the preview only. The stream itself is never mirrored, so text on a product
 * reads the right way round for viewers.
 */
export function StudioPreview({ camera, onAir }: { camera: Camera; onAir: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const { stream, version, orientation, facing } = camera;
  // Mirrored by default for the front camera, as every phone camera app does; the host can turn it off.
  const [mirrorFront, setMirrorFront] = useState(true);
  const mirrored = facing === 'user' && mirrorFront;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when a device is switched inside the same stream; it is the trigger to re-attach
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    // Re-attach after a device switch so every browser picks up the new track.
    element.srcObject = null;
    element.srcObject = stream;
    if (stream) void element.play().catch(() => {});
  }, [stream, version]);

  return (
    <div className={styles.preview} data-orientation={orientation}>
      <video
        ref={video}
        className={`${styles.previewVideo} ${mirrored ? styles.mirrored : ''}`}
        muted
        playsInline
        autoPlay
        data-testid="studio-preview"
        data-mirrored={mirrored}
      />
      {!stream ? <p className={styles.previewEmpty}>Camera preview</p> : null}
      <div className={styles.cameraControls} role="group" aria-label="Camera">
        <div className={styles.segmented} role="radiogroup" aria-label="Picture shape">
          {(['portrait', 'landscape'] as const).map((shape) => (
            <button
              key={shape}
              type="button"
              role="radio"
              aria-checked={orientation === shape}
              disabled={onAir}
              title={onAir ? 'Choose the shape before going live' : undefined}
              onClick={() => void camera.setOrientation(shape)}
              data-testid={`orientation-${shape}`}
            >
              {shape === 'portrait' ? '9:16 Portrait' : '16:9 Landscape'}
            </button>
          ))}
        </div>
        <button
          type="button"
          className={styles.roundButton}
          onClick={() => void camera.flip()}
          aria-label="Switch between front and back camera"
          data-testid="flip-camera"
        >
          <FlipIcon />
        </button>
        <button
          type="button"
          className={styles.roundButton}
          aria-pressed={mirrorFront}
          aria-label="Mirror the preview (viewers always see the true picture)"
          onClick={() => setMirrorFront((value) => !value)}
          disabled={facing !== 'user'}
          data-testid="mirror-preview"
        >
          ⇋
        </button>
      </div>
    </div>
  );
}

function FlipIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M4 9V7a2 2 0 0 1 2-2h2l2-2h4l2 2h2a2 2 0 0 1 2 2v2M20 15v2a2 2 0 0 1-2 2h-2l-2 2h-4l-2-2H6a2 2 0 0 1-2-2v-2M8 12l-3-3-3 3M16 12l3 3 3-3"
      />
    </svg>
  );
}
