import { RTCDtlsTransport, useH264, useNACK, useOPUS, usePLI, useREMB } from 'werift';
import type { CreateIngestSessionInput, IngestEngine, IngestSession } from '../ingest-engine';
import { assertUsableOffer } from '../offer-validation';
import { WeriftSession } from './werift-session';

export interface WeriftEngineOptions {
  /** Tests: gather and pair 127.0.0.1 only, so no media ever leaves loopback. */
  loopbackOnly?: boolean;
  /** Extra host addresses to advertise (e.g. a public IP in front of a container). */
  announcedAddresses?: string[];
  icePortRange?: [number, number];
  inactivityMs?: number;
}

// The embedded default engine: pure TypeScript WebRTC in the server process. Good for a few
// streams per core; mediasoup (a C++ worker) is the production engine behind the same seam.
export class WeriftEngine implements IngestEngine {
  readonly name = 'werift';
  #options: WeriftEngineOptions;
  #sessions = new Set<IngestSession>();
  #closed = false;

  private constructor(options: WeriftEngineOptions) {
    this.#options = options;
  }

  static async create(options: WeriftEngineOptions = {}): Promise<WeriftEngine> {
    // werift makes one DTLS certificate per process on first use; make it now, not during a go-live.
    await RTCDtlsTransport.SetupCertificate();
    return new WeriftEngine(options);
  }

  async createSession(input: CreateIngestSessionInput): Promise<IngestSession> {
    if (this.#closed) throw new Error('engine closed');
    assertUsableOffer(input.offerSdp);
    const loopback = this.#options.loopbackOnly ?? false;
    const session = await WeriftSession.create({
      showId: input.showId,
      offerSdp: input.offerSdp,
      inactivityMs: this.#options.inactivityMs ?? 3000,
      forwardBindAddress: '127.0.0.1',
      peerConfig: {
        codecs: {
          video: [
            useH264({
              rtcpFeedback: [useNACK(), usePLI(), useREMB()],
              parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f',
            }),
          ],
          audio: [useOPUS()],
        },
        iceUseIpv6: false,
        icePortRange: this.#options.icePortRange,
        iceAdditionalHostAddresses: [...(loopback ? ['127.0.0.1'] : []), ...(this.#options.announcedAddresses ?? [])],
        iceInterfaceAddresses: loopback ? { udp4: '127.0.0.1' } : undefined,
        iceFilterCandidatePair: loopback
          ? (pair) => pair.localCandidate.host === '127.0.0.1' && pair.remoteCandidate.host === '127.0.0.1'
          : undefined,
      },
    });
    this.#sessions.add(session);
    session.onStateChange((state) => {
      if (state === 'closed') this.#sessions.delete(session);
    });
    return session;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#sessions].map((s) => s.close()));
    this.#sessions.clear();
  }
}
