'use client';

// The show report in the brand console: live while the show is on (read again every 5 s), final after it.
// Every chart has its numbers in a table with a CSV download; times are in the brand's time zone.
import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import {
  type AttributionReport,
  analyticsRoutes,
  type InterestCounts,
  type ShowReport,
} from '../../../../server/analytics/analytics-schemas';
import { formatMoney, minorUnitExponent } from '../../../../server/money/money-format';
import { call, errorMessage } from '../../../api/api-client';
import { useApiQuery, useInvalidate } from '../../../api/queries';
import { ErrorState, LoadingState } from '../../feedback/feedback';
import { useBrand } from '../brand-context';
import styles from './analytics.module.css';
import { DataTable } from './data-table';
import { TimeChart, type ChartMarker } from './time-chart';

const colors = {
  viewers: '#4f46e5',
  replay: '#0891b2',
  chat: '#059669',
  reactions: '#db2777',
  taps: '#d97706',
  holds: '#7c3aed',
  paid: '#dc2626',
  pin: '#0f766e',
  sale: '#b91c1c',
};

function Stat({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div className={styles.stat} data-testid={testId}>
      <div className={styles.statValue}>{value}</div>
      <div className={styles.statLabel}>{label}</div>
    </div>
  );
}

/** Minor units to the currency's major unit for a chart's axis (yen have none, dinars three). */
const major = (minor: number, currency: string) => minor / 10 ** minorUnitExponent(currency);

const duration = (seconds: number) =>
  seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;

export function ShowReportView({ showId }: { showId: string }) {
  const { brandId, consoleBase, canEdit } = useBrand();
  const [polling, setPolling] = useState(false);
  // While the show is live the report is read again every 5 s (the server caches it for a few seconds).
  const report = useApiQuery(
    analyticsRoutes.showReport,
    { params: { brandId, showId } },
    { refetchInterval: polling ? 5000 : undefined },
  );
  const [windowHours, setWindowHours] = useState(24);
  const attribution = useApiQuery(analyticsRoutes.attribution, { params: { brandId, showId }, query: { windowHours } });
  const interests = useApiQuery(analyticsRoutes.interests, { params: { brandId } });
  const live = report.data?.live ?? false;
  useEffect(() => setPolling(live), [live]);

  if (report.error) return <ErrorState message={report.error.message} />;
  if (!report.data) return <LoadingState />;
  const data = report.data;
  return (
    <div className="stack" data-testid="show-report" data-live={live}>
      <Link href={`${consoleBase}/shows/${showId}`}>← Show</Link>
      <div className="page-header">
        <h1>Report: {data.show.title}</h1>
        <span data-testid="report-state">
          {live ? (
            <>
              <span className={styles.liveDot} aria-hidden="true" />
              Live, updated every 5 s
            </>
          ) : data.show.status === 'ENDED' ? (
            'Final'
          ) : (
            data.show.status.toLowerCase()
          )}
        </span>
      </div>
      <ReportBody data={data} />
      <AttributionSection
        data={attribution.data}
        error={attribution.error?.message}
        windowHours={windowHours}
        setWindowHours={setWindowHours}
      />
      <InterestSection data={interests.data} />
      <TimeZoneSetting current={data.timeZone} canEdit={canEdit} brandId={brandId} />
    </div>
  );
}

function ReportBody({ data }: { data: ShowReport }) {
  const tz = data.timeZone;
  const money = (minor: number) => formatMoney(minor, data.currency);
  const clock = useMemo(
    () => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit' }),
    [tz],
  );
  const dateTime = useMemo(
    () => new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }),
    [tz],
  );
  const times = useMemo(() => data.minutes.map((m) => Date.parse(m.minute) / 1000), [data.minutes]);
  const markers: ChartMarker[] = useMemo(
    () =>
      data.markers.map((m) => ({
        at: Date.parse(m.at) / 1000,
        label: m.label,
        color: m.kind === 'pin' ? colors.pin : colors.sale,
      })),
    [data.markers],
  );
  const viewerSeries = useMemo(
    () => [
      { label: 'Concurrent viewers', values: data.minutes.map((m) => m.concurrent), color: colors.viewers },
      { label: 'Joins', values: data.minutes.map((m) => m.joins), color: colors.replay },
    ],
    [data.minutes],
  );
  const chatSeries = useMemo(
    () => [
      { label: 'Chat messages', values: data.minutes.map((m) => m.chat), color: colors.chat },
      { label: 'Reactions', values: data.minutes.map((m) => m.reactions), color: colors.reactions },
    ],
    [data.minutes],
  );
  const salesSeries = useMemo(
    () => [
      { label: 'Product taps', values: data.minutes.map((m) => m.taps), color: colors.taps },
      { label: 'Holds', values: data.minutes.map((m) => m.holds), color: colors.holds },
      { label: 'Paid orders', values: data.minutes.map((m) => m.paid), color: colors.paid },
    ],
    [data.minutes],
  );
  const funnelSteps = ['Viewers', 'Cards seen', 'Taps', 'Holds', 'Checkouts', 'Paid'];
  const funnelSeries = useMemo(
    () => [
      {
        label: 'Count',
        values: [
          data.funnel.viewers,
          data.funnel.seen,
          data.funnel.taps,
          data.funnel.holds,
          data.funnel.checkouts,
          data.funnel.paid,
        ],
        color: colors.viewers,
        bars: true,
      },
    ],
    [data.funnel],
  );
  const productSeries = useMemo(
    () => [
      {
        label: `Revenue (${data.currency.toUpperCase()})`,
        values: data.products.map((p) => major(p.revenueMinor, data.currency)),
        color: colors.paid,
        bars: true,
      },
    ],
    [data.products, data.currency],
  );
  const indexes = (n: number) => Array.from({ length: n }, (_, i) => i);
  const minuteLabel = (iso: string) => clock.format(new Date(iso));

  return (
    <>
      <section className="stack" aria-label="Totals">
        <div className={styles.grid}>
          <Stat label="Unique live viewers" value={data.viewers.unique} testId="stat-unique" />
          <Stat label="Peak concurrent" value={data.viewers.peakConcurrent} testId="stat-peak" />
          <Stat label="Average watch time" value={duration(data.viewers.averageWatchSeconds)} testId="stat-watch" />
          <Stat label="Live revenue" value={money(data.liveSales.revenueMinor)} testId="stat-revenue" />
          <Stat
            label="Live orders (units)"
            value={`${data.liveSales.orders} (${data.liveSales.units})`}
            testId="stat-orders"
          />
          <Stat label="New followers" value={data.newFollowers} testId="stat-followers" />
          <Stat label="Replay viewers" value={data.viewers.replayUnique} testId="stat-replay-viewers" />
          <Stat
            label="Replay sales"
            value={`${data.replaySales.orders} · ${money(data.replaySales.revenueMinor)}`}
            testId="stat-replay-sales"
          />
        </div>
        <p className="muted">
          Times in {data.timeZone}.
          {data.show.startedAt ? ` Went live ${dateTime.format(new Date(data.show.startedAt))}.` : ''}
          {data.show.endedAt ? ` Ended ${dateTime.format(new Date(data.show.endedAt))}.` : ''}
        </p>
      </section>

      <section className="card stack" aria-label="Viewers over time">
        {times.length === 0 ? (
          <p className="muted">No viewers yet.</p>
        ) : (
          <TimeChart
            title="Viewers over time"
            times={times}
            series={viewerSeries}
            markers={markers}
            timeZone={tz}
            testId="chart-viewers"
          />
        )}
        <div className={styles.legend}>
          <span>
            <span className={styles.swatch} style={{ background: colors.pin }} />
            Pinned product
          </span>
          <span>
            <span className={styles.swatch} style={{ background: colors.sale }} />
            Flash sale start / sold out / end
          </span>
        </div>
        <DataTable
          caption="Viewers per minute"
          fileName="viewers.csv"
          testId="table-viewers"
          headers={['Minute', 'Concurrent', 'Joins']}
          rows={data.minutes.map((m) => [minuteLabel(m.minute), m.concurrent, m.joins])}
        />
        <DataTable
          caption="Markers"
          fileName="markers.csv"
          headers={['Time', 'What']}
          rows={data.markers.map((m) => [dateTime.format(new Date(m.at)), m.label])}
        />
      </section>

      <section className="card stack" aria-label="Chat and reactions">
        {times.length > 0 ? (
          <TimeChart
            title="Chat and reactions per minute"
            times={times}
            series={chatSeries}
            markers={markers}
            timeZone={tz}
            testId="chart-chat"
          />
        ) : null}
        <DataTable
          caption="Chat and reactions per minute"
          fileName="chat-reactions.csv"
          headers={['Minute', 'Chat messages', 'Reactions']}
          rows={data.minutes.map((m) => [minuteLabel(m.minute), m.chat, m.reactions])}
        />
      </section>

      <section className="card stack" aria-label="Buying over time">
        {times.length > 0 ? (
          <TimeChart
            title="Taps, holds and paid orders per minute"
            times={times}
            series={salesSeries}
            markers={markers}
            timeZone={tz}
            testId="chart-buying"
          />
        ) : null}
        <DataTable
          caption="Buying per minute"
          fileName="buying.csv"
          headers={['Minute', 'Taps', 'Holds', 'Paid', 'Revenue']}
          rows={data.minutes.map((m) => [minuteLabel(m.minute), m.taps, m.holds, m.paid, money(m.revenueMinor)])}
        />
      </section>

      <section className="card stack" aria-label="Funnel">
        <TimeChart
          title="Funnel: viewers to paid orders"
          times={indexes(funnelSteps.length)}
          categories={funnelSteps}
          series={funnelSeries}
          timeZone={tz}
          height={200}
          testId="chart-funnel"
        />
        <DataTable
          caption="Funnel overall and per product"
          fileName="funnel.csv"
          testId="table-funnel"
          open
          headers={['Product', 'Seen', 'Taps', 'Holds', 'Checkouts', 'Paid', 'Tap → paid']}
          rows={[
            [
              'All products',
              data.funnel.seen,
              data.funnel.taps,
              data.funnel.holds,
              data.funnel.checkouts,
              data.funnel.paid,
              data.funnel.taps ? `${Math.round((data.funnel.paid / data.funnel.taps) * 100)} %` : '–',
            ],
            ...data.products.map((p) => [
              p.title,
              p.seen,
              p.taps,
              p.holds,
              p.checkouts,
              p.paid,
              p.taps ? `${Math.round((p.paid / p.taps) * 100)} %` : '–',
            ]),
          ]}
        />
      </section>

      <section className="card stack" aria-label="Products and flash sales">
        {data.products.length > 0 ? (
          <TimeChart
            title="Revenue per product"
            times={indexes(data.products.length)}
            categories={data.products.map((p) => p.title)}
            series={productSeries}
            timeZone={tz}
            height={200}
            testId="chart-products"
          />
        ) : null}
        <DataTable
          caption="Revenue and units per product"
          fileName="products.csv"
          testId="table-products"
          open
          headers={['Product', 'Units', 'Revenue', 'Refunds']}
          rows={data.products.map((p) => [p.title, p.units, money(p.revenueMinor), p.refunds])}
        />
        <DataTable
          caption="Flash sales"
          fileName="flash-sales.csv"
          testId="table-sales"
          open
          headers={['Sale', 'Started', 'Quantity', 'Sold', 'Revenue', 'Sell-through', 'Time to sell out']}
          rows={data.flashSales.map((s) => [
            s.title,
            clock.format(new Date(s.startsAt)),
            s.quantity,
            s.unitsSold,
            money(s.revenueMinor),
            `${Math.round(s.sellThrough * 100)} %`,
            s.secondsToSellOut === null ? 'not sold out' : duration(s.secondsToSellOut),
          ])}
        />
        <DataTable
          caption="Live and replay apart"
          fileName="live-replay.csv"
          open
          headers={['', 'Viewers', 'Avg watch', 'Orders', 'Units', 'Revenue']}
          rows={[
            [
              'Live',
              data.viewers.unique,
              duration(data.viewers.averageWatchSeconds),
              data.liveSales.orders,
              data.liveSales.units,
              money(data.liveSales.revenueMinor),
            ],
            [
              'Replay',
              data.viewers.replayUnique,
              duration(data.viewers.replayAverageWatchSeconds),
              data.replaySales.orders,
              data.replaySales.units,
              money(data.replaySales.revenueMinor),
            ],
          ]}
        />
        <DataTable
          caption="Replay per day"
          fileName="replay-days.csv"
          testId="table-replay-days"
          headers={['Day', 'Replay views', 'Orders', 'Units', 'Revenue']}
          rows={data.replayDays.map((d) => [d.day, d.views, d.orders, d.units, money(d.revenueMinor)])}
        />
      </section>
    </>
  );
}

function AttributionSection({
  data,
  error,
  windowHours,
  setWindowHours,
}: {
  data: AttributionReport | undefined;
  error?: string;
  windowHours: number;
  setWindowHours: (hours: number) => void;
}) {
  const money = (minor: number) => formatMoney(minor, data?.currency ?? 'usd');
  const rows = (data?.steps ?? []).flatMap((step) => [
    [
      `${step.trigger}`,
      'all',
      step.segment ?? 'all followers',
      step.clicks,
      step.visits,
      step.orders,
      money(step.revenueMinor),
    ],
    ...step.balloons.map((b) => [
      `${step.trigger}`,
      b.balloonIndex === 99 ? 'show link' : `balloon ${b.balloonIndex + 1}`,
      step.segment ?? 'all followers',
      b.clicks,
      b.visits,
      b.orders,
      money(b.revenueMinor),
    ]),
  ]);
  const steps = data?.steps ?? [];
  const series = useMemo(
    () => [
      {
        label: 'Attributed revenue',
        values: steps.map((s) => major(s.revenueMinor, data?.currency ?? 'usd')),
        color: colors.paid,
        bars: true,
      },
    ],
    [steps, data?.currency],
  );
  return (
    <section className="card stack" aria-labelledby="attribution-title" data-testid="attribution">
      <h2 id="attribution-title">Announcements: what they brought</h2>
      <label className="row">
        Orders within
        <select
          value={windowHours}
          onChange={(event) => setWindowHours(Number(event.target.value))}
          aria-label="Attribution window"
        >
          {[1, 6, 24, 72, 168].map((hours) => (
            <option key={hours} value={hours}>
              {hours < 24 ? `${hours} h` : `${hours / 24} d`}
            </option>
          ))}
        </select>
        of the visit
      </label>
      {error ? <p role="alert">{error}</p> : null}
      {steps.length > 0 ? (
        <TimeChart
          title="Attributed revenue per step"
          times={steps.map((_, i) => i)}
          categories={steps.map((s) => s.trigger)}
          series={series}
          timeZone="UTC"
          height={180}
        />
      ) : (
        <p className="muted">No announcement steps for this show.</p>
      )}
      <DataTable
        caption="Per step and balloon"
        fileName="attribution.csv"
        testId="table-attribution"
        open
        headers={['Step', 'Balloon', 'Segment', 'Clicks', 'Visits', 'Orders', 'Revenue']}
        rows={rows}
      />
      <DataTable
        caption="Per segment"
        fileName="attribution-segments.csv"
        headers={['Segment', 'Clicks', 'Visits', 'Orders', 'Revenue']}
        rows={(data?.segments ?? []).map((s) => [
          s.segment ?? 'all followers',
          s.clicks,
          s.visits,
          s.orders,
          money(s.revenueMinor),
        ])}
      />
    </section>
  );
}

function InterestSection({ data }: { data: InterestCounts | undefined }) {
  const top = (data?.interests ?? []).slice(0, 8);
  const series = useMemo(
    () => [{ label: 'Followers', values: top.map((i) => i.followers), color: colors.viewers, bars: true }],
    [top],
  );
  return (
    <section className="card stack" aria-labelledby="interests-title" data-testid="interests">
      <h2 id="interests-title">Audience interests</h2>
      <p className="muted">
        Learned from product taps, purchases and announcement clicks; each is a tag segments can select.
      </p>
      {top.length > 0 ? (
        <TimeChart
          title="Followers per interest"
          times={top.map((_, i) => i)}
          categories={top.map((i) => i.name)}
          series={series}
          timeZone="UTC"
          height={180}
        />
      ) : (
        <p className="muted">No interests learned yet.</p>
      )}
      <DataTable
        caption="Interest tags"
        fileName="interests.csv"
        testId="table-interests"
        open
        headers={['Interest', 'Followers']}
        rows={(data?.interests ?? []).map((i) => [`likes ${i.name}`, i.followers])}
      />
      <DataTable
        caption="Per follower (latest 50)"
        fileName="follower-interests.csv"
        headers={['Follower', 'Interests']}
        rows={(data?.followers ?? []).map((f) => [f.name || f.followerId, f.interests.join(', ')])}
      />
    </section>
  );
}

function TimeZoneSetting({ current, canEdit, brandId }: { current: string; canEdit: boolean; brandId: string }) {
  const invalidate = useInvalidate();
  const zones = useMemo(() => {
    const all =
      (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    return all.includes(current) ? all : [current, ...all];
  }, [current]);
  const [value, setValue] = useState(current);
  const [message, setMessage] = useState<string | null>(null);
  if (!canEdit) return null;
  return (
    <section className="card stack" aria-labelledby="tz-title">
      <h2 id="tz-title">Report time zone</h2>
      <div className="row">
        <select value={value} onChange={(event) => setValue(event.target.value)} aria-label="Time zone">
          {zones.map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          onClick={async () => {
            try {
              await call(analyticsRoutes.settings, { params: { brandId }, body: { timeZone: value } });
              setMessage('Saved.');
              // The reports are in the brand's time zone: every cached one is read again.
              await invalidate('Analytics');
            } catch (error) {
              setMessage(errorMessage(error));
            }
          }}
        >
          Save
        </button>
        {message ? <span role="status">{message}</span> : null}
      </div>
    </section>
  );
}
