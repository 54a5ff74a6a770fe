-- When an intent's write was last sent: a pending intent whose write may still be under way in the remote
-- (sent recently, outcome unknown) must not be sent again until the remote has had time to finish it.
ALTER TABLE intents ADD COLUMN sent_at timestamptz NOT NULL DEFAULT now();

-- Staging replaces an order's payload by its newer version and deletes the old one: the foreign key's
-- ON DELETE SET NULL and the "still used?" check look records up by payload.
CREATE INDEX records_by_payload ON records (payload_id) WHERE payload_id IS NOT NULL;
