'use client';

import { MicLevelMeter } from './mic-level-meter';
import styles from './studio.module.css';
import type { Camera, DeviceKind, DeviceOption } from './use-camera';

function Picker({
  kind,
  label,
  options,
  value,
  onChange,
}: {
  kind: DeviceKind;
  label: string;
  options: DeviceOption[];
  value: string | null;
  onChange: (kind: DeviceKind, deviceId: string) => void;
}) {
  const id = `studio-${kind}`;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="select"
        value={value ?? ''}
        disabled={options.length === 0}
        onChange={(event) => onChange(kind, event.target.value)}
        data-testid={`${kind}-select`}
      >
        {options.length === 0 ? <option value="">None found</option> : null}
        {options.map((option) => (
          <option key={option.deviceId} value={option.deviceId}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Camera and microphone choice, with a live level meter so the host can see the microphone works. */
export function DevicePickers({ camera }: { camera: Camera }) {
  const audioTrack = camera.stream?.getAudioTracks()[0] ?? null;
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="devices-title" data-testid="device-pickers">
      <h2 id="devices-title">Camera and microphone</h2>
      <Picker kind="camera" label="Camera" options={camera.cameras} value={camera.cameraId} onChange={camera.choose} />
      <Picker
        kind="microphone"
        label="Microphone"
        options={camera.microphones}
        value={camera.microphoneId}
        onChange={camera.choose}
      />
      <div className={styles.field}>
        <span id="mic-level-label">Microphone level</span>
        <MicLevelMeter track={audioTrack} />
        <span className="muted">Speak: the bar should move. If it stays still, pick another microphone.</span>
      </div>
    </section>
  );
}
