-- CreateTable
CREATE TABLE "FlashSaleBuyer" (
    "flashSaleId" TEXT NOT NULL,
    "buyerId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "FlashSaleBuyer_pkey" PRIMARY KEY ("flashSaleId","buyerId")
);

-- AddForeignKey
ALTER TABLE "FlashSaleBuyer" ADD CONSTRAINT "FlashSaleBuyer_flashSaleId_fkey" FOREIGN KEY ("flashSaleId") REFERENCES "FlashSale"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Per-buyer tallies of flash sales as rows (see FlashSaleBuyer in schema.prisma), filled from the reservations that
-- count: held or bought.
INSERT INTO "FlashSaleBuyer" ("flashSaleId", "buyerId", units)
SELECT "flashSaleId", "buyerId", SUM(quantity)::int FROM "Reservation"
WHERE "flashSaleId" IS NOT NULL AND status IN ('HELD', 'CONVERTED')
GROUP BY "flashSaleId", "buyerId";

-- The batch function (first version and its contract: 20261122224000_flash_sale_batch_function) now reads and
-- writes those tallies instead of summing each buyer's reservations, whose released versions stay in the index
-- until vacuum: at 200 reserve-and-release cycles per buyer that scan was half the function's time.
CREATE OR REPLACE FUNCTION livecart_flash_sale_batch(
  p_sale text,
  p_now timestamp(3),
  p_end_ids text[],
  p_end_statuses text[],
  p_buyers text[],
  p_quantities int[],
  p_expires timestamp(3)[],
  p_reservation_ids text[],
  p_order_ids text[],
  p_item_ids text[],
  p_providers text[],
  p_brand text,
  p_show text,
  p_product text,
  p_title text,
  p_price int,
  p_currency text
) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_back int;
  v_ended_ids text[];
  v_ended_buyers text[];
  v_ended_quantities int[];
  v_ended_statuses text[];
  v_returned jsonb;
  v_want int := COALESCE((SELECT SUM(q) FROM unnest(p_quantities) AS q), 0);
  v_granted int;
  v_remaining int;
  v_open boolean;
  v_limit int;
  v_available int;
  v_taken int := 0;
  v_tallies jsonb;
  v_tally int;
  v_outcomes text[] := '{}';
BEGIN
  -- 1. ending holds (every lookup by key: one index probe per row, whatever the table's size or dead rows)
  WITH ended AS (
    UPDATE "Reservation" AS r SET status = p_end_statuses[array_position(p_end_ids, r.id)]::"ReservationStatus"
    WHERE r.id = ANY(p_end_ids) AND r."flashSaleId" = p_sale AND r.status = 'HELD'
    RETURNING r.id, r."buyerId", r.quantity, r.status::text AS status
  )
  SELECT COALESCE(SUM(quantity), 0), COALESCE(array_agg(id), '{}'), COALESCE(array_agg("buyerId"), '{}'),
         COALESCE(array_agg(quantity), '{}'), COALESCE(array_agg(status), '{}')
  INTO v_back, v_ended_ids, v_ended_buyers, v_ended_quantities, v_ended_statuses
  FROM ended;
  WITH closed AS (
    UPDATE "Order"
    SET status = (CASE v_ended_statuses[array_position(v_ended_ids, "reservationId")] WHEN 'RELEASED' THEN 'CANCELED' ELSE 'EXPIRED' END)::"OrderStatus",
        "updatedAt" = p_now
    WHERE "reservationId" = ANY(v_ended_ids) AND status IN ('PENDING', 'FAILED')
    RETURNING "reservationId", "paymentIntentId"
  )
  SELECT COALESCE(jsonb_agg(jsonb_build_object('id', e.id, 'buyerId', e.buyer, 'quantity', e.quantity,
                                               'paymentIntentId', closed."paymentIntentId")), '[]'::jsonb)
  INTO v_returned
  FROM unnest(v_ended_ids, v_ended_buyers, v_ended_quantities) AS e(id, buyer, quantity)
  LEFT JOIN closed ON closed."reservationId" = e.id;

  -- 2. the conditional update (all takes at once when the counter was right, the usual case)
  UPDATE "FlashSale" SET remaining = remaining + v_back - v_want
  WHERE id = p_sale AND remaining + v_back >= v_want AND (v_want = 0 OR (status = 'ACTIVE' AND "endsAt" > p_now))
  RETURNING remaining, (status = 'ACTIVE' AND "endsAt" > p_now), "perBuyerLimit" INTO v_remaining, v_open, v_limit;
  IF FOUND THEN
    v_granted := v_want;
    v_available := v_remaining + v_want;
  ELSE
    UPDATE "FlashSale" SET remaining = remaining + v_back WHERE id = p_sale
    RETURNING remaining, (status = 'ACTIVE' AND "endsAt" > p_now), "perBuyerLimit" INTO v_remaining, v_open, v_limit;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'flash sale % is gone', p_sale;
    END IF;
    v_granted := 0;
    v_available := v_remaining;
  END IF;

  -- ended holds no longer count against their buyers (under the sale's row lock, like every tally write)
  IF v_back > 0 THEN
    UPDATE "FlashSaleBuyer" AS t SET units = t.units - e.units
    FROM (SELECT buyer, SUM(quantity)::int AS units FROM unnest(v_ended_buyers, v_ended_quantities) AS x(buyer, quantity) GROUP BY buyer) AS e
    WHERE t."flashSaleId" = p_sale AND t."buyerId" = e.buyer;
  END IF;

  -- 3. per-buyer limits, in queue order (one tally row per buyer)
  SELECT COALESCE(jsonb_object_agg("buyerId", units), '{}'::jsonb) INTO v_tallies
  FROM "FlashSaleBuyer" WHERE "flashSaleId" = p_sale AND "buyerId" = ANY(p_buyers);
  FOR i IN 1 .. COALESCE(array_length(p_buyers, 1), 0) LOOP
    v_tally := COALESCE((v_tallies ->> p_buyers[i])::int, 0);
    IF NOT v_open THEN
      v_outcomes := v_outcomes || 'SALE_NOT_ACTIVE'::text;
    ELSIF v_tally + p_quantities[i] > v_limit THEN
      v_outcomes := v_outcomes || 'PURCHASE_LIMIT'::text;
    ELSIF v_available < p_quantities[i] THEN
      v_outcomes := v_outcomes || 'SOLD_OUT'::text;
    ELSE
      v_available := v_available - p_quantities[i];
      v_taken := v_taken + p_quantities[i];
      v_tallies := jsonb_set(v_tallies, ARRAY[p_buyers[i]], to_jsonb(v_tally + p_quantities[i]));
      v_outcomes := v_outcomes || 'OK'::text;
    END IF;
  END LOOP;
  -- units the first update took for buyers that were then turned away go back
  IF v_granted <> v_taken THEN
    UPDATE "FlashSale" SET remaining = remaining + (v_granted - v_taken) WHERE id = p_sale;
  END IF;

  -- 4. the accepted buyers' holds, pending orders and items
  IF v_taken > 0 THEN
    WITH accepted AS (
      SELECT * FROM unnest(p_buyers, p_quantities, p_expires, p_reservation_ids, p_order_ids, p_item_ids, p_providers, v_outcomes)
        AS a(buyer, quantity, expires, reservation_id, order_id, item_id, provider, outcome)
      WHERE a.outcome = 'OK'
    ), reservations AS (
      INSERT INTO "Reservation" (id, "flashSaleId", "productId", "buyerId", quantity, "expiresAt")
      SELECT reservation_id, p_sale, p_product, buyer, quantity, expires FROM accepted
    ), orders AS (
      INSERT INTO "Order" (id, "brandId", "buyerId", "showId", "reservationId", "totalMinor", currency, "paymentProvider", "updatedAt")
      SELECT order_id, p_brand, buyer, p_show, reservation_id, p_price * quantity, p_currency, provider, p_now FROM accepted
    ), items AS (
      INSERT INTO "OrderItem" (id, "orderId", "productId", title, quantity, "unitPriceMinor")
      SELECT item_id, order_id, p_product, p_title, quantity, p_price FROM accepted
    )
    INSERT INTO "FlashSaleBuyer" ("flashSaleId", "buyerId", units)
    SELECT p_sale, buyer, SUM(quantity)::int FROM accepted GROUP BY buyer
    ON CONFLICT ("flashSaleId", "buyerId") DO UPDATE SET units = "FlashSaleBuyer".units + EXCLUDED.units;
  END IF;

  RETURN jsonb_build_object('remaining', v_available, 'outcomes', to_jsonb(v_outcomes), 'returned', v_returned);
END
$$;
