-- Group commit for one flash sale in ONE round trip (called by server/commerce/sale-stock-writer.ts).
-- All requests queued for a sale while the previous batch was written arrive here together:
--   1. holds that end (p_end_ids, status RELEASED or EXPIRED) give their units back, and their pending orders close;
--   2. one conditional update of "FlashSale".remaining takes the units of every buyer at once: the source of truth,
--      it never goes below zero (if the counter in front let too many through, nothing is granted and step 3
--      hands out only what the locked row holds);
--   3. per-buyer limits are checked against committed reservations while this transaction holds the sale's row
--      lock (each statement of a PL/pgSQL function sees rows committed before it started);
--   4. the accepted buyers' reservations, pending orders and order items are inserted.
-- Returns {"remaining": n, "outcomes": ["OK" | "SOLD_OUT" | "PURCHASE_LIMIT" | "SALE_NOT_ACTIVE", ...] (one per
-- buyer, in order), "returned": [{"id", "buyerId", "quantity", "paymentIntentId"}, ...]}.
-- Timestamps come from the caller's clock (UTC, like every column Prisma writes), not the database's now().
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

  -- 3. per-buyer limits, in queue order
  SELECT COALESCE(jsonb_object_agg(b.id, t.units) FILTER (WHERE t.units IS NOT NULL), '{}'::jsonb) INTO v_tallies
  FROM (SELECT DISTINCT unnest(p_buyers) AS id) AS b
  CROSS JOIN LATERAL (
    SELECT SUM(quantity)::int AS units FROM "Reservation"
    WHERE "flashSaleId" = p_sale AND "buyerId" = b.id AND status IN ('HELD', 'CONVERTED')
  ) AS t;
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
    )
    INSERT INTO "OrderItem" (id, "orderId", "productId", title, quantity, "unitPriceMinor")
    SELECT item_id, order_id, p_product, p_title, quantity, p_price FROM accepted;
  END IF;

  RETURN jsonb_build_object('remaining', v_available, 'outcomes', to_jsonb(v_outcomes), 'returned', v_returned);
END
$$;
