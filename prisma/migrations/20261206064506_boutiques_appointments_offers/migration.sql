-- CreateEnum
CREATE TYPE "AppointmentKind" AS ENUM ('PRIVATE_VIEWING', 'PRODUCT_CARE', 'FITTING', 'VIRTUAL');

-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('HELD', 'BOOKED', 'CANCELLED', 'EXPIRED', 'NO_SHOW', 'COMPLETED');

-- CreateEnum
CREATE TYPE "OfferKind" AS ENUM ('PRICE', 'PERCENT');

-- CreateTable
CREATE TABLE "Boutique" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "city" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "timeZone" TEXT NOT NULL,
    "phone" TEXT NOT NULL DEFAULT '',
    "weeklyHours" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Boutique_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoutiqueSpecialDay" (
    "id" TEXT NOT NULL,
    "boutiqueId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "hours" JSONB NOT NULL DEFAULT '[]',
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "BoutiqueSpecialDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Advisor" (
    "id" TEXT NOT NULL,
    "boutiqueId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "weeklyAvailability" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Advisor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdvisorDateOverride" (
    "id" TEXT NOT NULL,
    "advisorId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "hours" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "AdvisorDateOverride_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppointmentType" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "kind" "AppointmentKind" NOT NULL,
    "name" TEXT NOT NULL,
    "lengthMinutes" INTEGER NOT NULL,
    "bufferBeforeMinutes" INTEGER NOT NULL DEFAULT 0,
    "bufferAfterMinutes" INTEGER NOT NULL DEFAULT 0,
    "minimumNoticeMinutes" INTEGER NOT NULL DEFAULT 60,
    "slotIntervalMinutes" INTEGER NOT NULL DEFAULT 30,
    "capacity" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppointmentType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppointmentSlot" (
    "id" TEXT NOT NULL,
    "advisorId" TEXT NOT NULL,
    "typeId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "capacity" INTEGER NOT NULL,
    "taken" INTEGER NOT NULL,

    CONSTRAINT "AppointmentSlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdvisorBusyCell" (
    "advisorId" TEXT NOT NULL,
    "cellAt" TIMESTAMP(3) NOT NULL,
    "slotId" TEXT NOT NULL,

    CONSTRAINT "AdvisorBusyCell_pkey" PRIMARY KEY ("advisorId","cellAt")
);

-- CreateTable
CREATE TABLE "Appointment" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "boutiqueId" TEXT NOT NULL,
    "advisorId" TEXT NOT NULL,
    "typeId" TEXT NOT NULL,
    "slotId" TEXT,
    "userId" TEXT NOT NULL,
    "productId" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'HELD',
    "holdExpiresAt" TIMESTAMP(3),
    "reminderChannels" TEXT[] DEFAULT ARRAY['INAPP']::TEXT[],
    "rescheduledFromId" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppointmentReminder" (
    "appointmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppointmentReminder_pkey" PRIMARY KEY ("appointmentId","kind")
);

-- CreateTable
CREATE TABLE "CustomerNotice" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "CustomerNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "OfferKind" NOT NULL,
    "priceMinor" INTEGER,
    "percentOff" INTEGER,
    "productIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "category" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "perCustomerLimit" INTEGER NOT NULL DEFAULT 1,
    "totalLimit" INTEGER,
    "used" INTEGER NOT NULL DEFAULT 0,
    "audience" JSONB,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferRecipient" (
    "offerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "used" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferRecipient_pkey" PRIMARY KEY ("offerId","userId")
);

-- CreateTable
CREATE TABLE "OfferRedemption" (
    "id" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferRedemption_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Boutique_brandId_idx" ON "Boutique"("brandId");

-- CreateIndex
CREATE UNIQUE INDEX "BoutiqueSpecialDay_boutiqueId_date_key" ON "BoutiqueSpecialDay"("boutiqueId", "date");

-- CreateIndex
CREATE INDEX "Advisor_boutiqueId_idx" ON "Advisor"("boutiqueId");

-- CreateIndex
CREATE UNIQUE INDEX "AdvisorDateOverride_advisorId_date_key" ON "AdvisorDateOverride"("advisorId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "AppointmentType_brandId_kind_key" ON "AppointmentType"("brandId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "AppointmentSlot_advisorId_startsAt_typeId_key" ON "AppointmentSlot"("advisorId", "startsAt", "typeId");

-- CreateIndex
CREATE INDEX "AdvisorBusyCell_slotId_idx" ON "AdvisorBusyCell"("slotId");

-- CreateIndex
CREATE INDEX "Appointment_advisorId_startsAt_idx" ON "Appointment"("advisorId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_boutiqueId_startsAt_idx" ON "Appointment"("boutiqueId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_userId_startsAt_idx" ON "Appointment"("userId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_status_startsAt_idx" ON "Appointment"("status", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_status_holdExpiresAt_idx" ON "Appointment"("status", "holdExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Appointment_slotId_userId_key" ON "Appointment"("slotId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerNotice_dedupeKey_key" ON "CustomerNotice"("dedupeKey");

-- CreateIndex
CREATE INDEX "CustomerNotice_userId_sentAt_idx" ON "CustomerNotice"("userId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_brandId_code_key" ON "Offer"("brandId", "code");

-- CreateIndex
CREATE INDEX "OfferRecipient_userId_idx" ON "OfferRecipient"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OfferRedemption_orderId_key" ON "OfferRedemption"("orderId");

-- CreateIndex
CREATE INDEX "OfferRedemption_offerId_userId_idx" ON "OfferRedemption"("offerId", "userId");

-- AddForeignKey
ALTER TABLE "Boutique" ADD CONSTRAINT "Boutique_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoutiqueSpecialDay" ADD CONSTRAINT "BoutiqueSpecialDay_boutiqueId_fkey" FOREIGN KEY ("boutiqueId") REFERENCES "Boutique"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Advisor" ADD CONSTRAINT "Advisor_boutiqueId_fkey" FOREIGN KEY ("boutiqueId") REFERENCES "Boutique"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdvisorDateOverride" ADD CONSTRAINT "AdvisorDateOverride_advisorId_fkey" FOREIGN KEY ("advisorId") REFERENCES "Advisor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdvisorBusyCell" ADD CONSTRAINT "AdvisorBusyCell_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "AppointmentSlot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "AppointmentSlot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppointmentReminder" ADD CONSTRAINT "AppointmentReminder_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferRecipient" ADD CONSTRAINT "OfferRecipient_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------- written by hand: the constraints that make double booking and offer reuse impossible ----------

ALTER TABLE "AppointmentSlot" ADD CONSTRAINT "AppointmentSlot_seats" CHECK ("capacity" >= 1 AND "taken" >= 0 AND "taken" <= "capacity");
ALTER TABLE "AppointmentType" ADD CONSTRAINT "AppointmentType_numbers" CHECK (
  "lengthMinutes" > 0 AND "bufferBeforeMinutes" >= 0 AND "bufferAfterMinutes" >= 0 AND "minimumNoticeMinutes" >= 0
  AND "slotIntervalMinutes" > 0 AND "capacity" >= 1);
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_used" CHECK ("used" >= 0 AND ("totalLimit" IS NULL OR "used" <= "totalLimit") AND "perCustomerLimit" >= 1);
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_amount" CHECK (
  ("kind" = 'PRICE' AND "priceMinor" IS NOT NULL AND "priceMinor" >= 0 AND "percentOff" IS NULL)
  OR ("kind" = 'PERCENT' AND "percentOff" BETWEEN 1 AND 90 AND "priceMinor" IS NULL));
ALTER TABLE "OfferRecipient" ADD CONSTRAINT "OfferRecipient_used" CHECK ("used" >= 0);

-- Gives one seat of a slot back; the slot (and, by cascade, its busy cells) goes when its last seat does.
CREATE OR REPLACE FUNCTION livecart_release_seat(p_slot text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_taken int;
BEGIN
  IF p_slot IS NULL THEN RETURN; END IF;
  UPDATE "AppointmentSlot" SET "taken" = "taken" - 1 WHERE "id" = p_slot RETURNING "taken" INTO v_taken;
  IF v_taken = 0 THEN DELETE FROM "AppointmentSlot" WHERE "id" = p_slot AND "taken" = 0; END IF;
END $$;

-- Ends an active appointment (cancelled, expired, moved) and gives its seat back. 'OK' or 'NOT_ACTIVE'.
CREATE OR REPLACE FUNCTION livecart_end_appointment(p_id text, p_status "AppointmentStatus", p_now timestamp(3)) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_slot text;
  v_status "AppointmentStatus";
BEGIN
  SELECT "slotId", "status" INTO v_slot, v_status FROM "Appointment" WHERE "id" = p_id FOR UPDATE;
  IF NOT FOUND OR v_status NOT IN ('HELD', 'BOOKED') THEN RETURN 'NOT_ACTIVE'; END IF;
  UPDATE "Appointment" SET "status" = p_status, "slotId" = NULL, "holdExpiresAt" = NULL, "updatedAt" = p_now WHERE "id" = p_id;
  PERFORM livecart_release_seat(v_slot);
  RETURN 'OK';
END $$;

-- Takes one seat of (advisor, start, type) for a customer in one round trip. The slot's CHECK bounds its seats; the
-- busy cells' primary key refuses a slot that overlaps another of the same advisor (with buffers), so two requests
-- racing for one time can never both win, whatever the application checked before.
-- Returns 'OK', 'FULL' (no seat left), 'TAKEN' (the advisor is busy then), 'DUPLICATE' (she already has that
-- slot) or 'LIMIT' (she has p_max_active upcoming appointments with the brand).
CREATE OR REPLACE FUNCTION livecart_hold_appointment(
  p_id text, p_slot_id text, p_brand text, p_boutique text, p_advisor text, p_type text, p_user text, p_product text,
  p_starts timestamp(3), p_ends timestamp(3), p_busy_from timestamp(3), p_busy_to timestamp(3), p_capacity int,
  p_status "AppointmentStatus", p_hold_until timestamp(3), p_channels text[], p_rescheduled_from text,
  p_now timestamp(3), p_max_active int
) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_slot text;
  v_inserted boolean;
  v_constraint text;
  r record;
BEGIN
  -- Holds that ran out on this advisor give their seats back first (a sweep job does the rest).
  FOR r IN SELECT "id" FROM "Appointment"
      WHERE "advisorId" = p_advisor AND "status" = 'HELD' AND "holdExpiresAt" < p_now FOR UPDATE SKIP LOCKED LOOP
    PERFORM livecart_end_appointment(r."id", 'EXPIRED', p_now);
  END LOOP;
  IF p_max_active IS NOT NULL AND (
    SELECT count(*) FROM "Appointment" WHERE "userId" = p_user AND "brandId" = p_brand AND "status" IN ('HELD', 'BOOKED')
      AND "endsAt" > p_now
  ) >= p_max_active THEN
    RETURN 'LIMIT';
  END IF;
  BEGIN
    INSERT INTO "AppointmentSlot" AS s ("id", "advisorId", "typeId", "startsAt", "endsAt", "capacity", "taken")
      VALUES (p_slot_id, p_advisor, p_type, p_starts, p_ends, p_capacity, 1)
      ON CONFLICT ("advisorId", "startsAt", "typeId") DO UPDATE SET "taken" = s."taken" + 1 WHERE s."taken" < s."capacity"
      RETURNING s."id", (s.xmax = 0) INTO v_slot, v_inserted;
    IF v_slot IS NULL THEN RETURN 'FULL'; END IF;
    IF v_inserted THEN
      INSERT INTO "AdvisorBusyCell" ("advisorId", "cellAt", "slotId")
        SELECT p_advisor, cell, v_slot FROM generate_series(p_busy_from, p_busy_to - interval '5 minutes', interval '5 minutes') AS cell;
    END IF;
    INSERT INTO "Appointment" ("id", "brandId", "boutiqueId", "advisorId", "typeId", "slotId", "userId", "productId",
        "startsAt", "endsAt", "status", "holdExpiresAt", "reminderChannels", "rescheduledFromId", "createdAt", "updatedAt")
      VALUES (p_id, p_brand, p_boutique, p_advisor, p_type, v_slot, p_user, p_product, p_starts, p_ends, p_status,
        p_hold_until, p_channels, p_rescheduled_from, p_now, p_now);
  EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
    IF v_constraint = 'Appointment_slotId_userId_key' THEN RETURN 'DUPLICATE'; END IF;
    RETURN 'TAKEN';
  END;
  RETURN 'OK';
END $$;
