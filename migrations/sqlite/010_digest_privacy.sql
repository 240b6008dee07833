-- Email digests, privacy and bounces (issue 6, items 7 and 8):
-- 1. the consent log accepts `bounce` (a subscription ended by repeated soft bounces, with no
--    suppression: the address may work again later), next to `bounce_suppress` (hard bounce);
-- 2. mail events are looked up by delivery (the soft-bounce rule counts them per subscription).
-- SQLite cannot change a CHECK constraint in place: the append-only table is rebuilt with its
-- rows, index and triggers as they were. Erasure and export need no new column: an erased
-- subscriber keeps its row (status 'erased', no address) so consent events keep pointing at it.

CREATE TABLE digest_consent_events_010 (
  id                    INTEGER PRIMARY KEY,
  subscriber_id         INTEGER REFERENCES digest_subscribers (id),
  subscription_id       INTEGER REFERENCES digest_subscriptions (id),
  kind                  TEXT NOT NULL CHECK (kind IN ('signup', 'confirm_sent', 'confirm', 'unsubscribe', 'one_click',
                          'prefs', 'bounce', 'bounce_suppress', 'complaint', 'export', 'erase')),
  at                    TEXT NOT NULL,
  source                TEXT NOT NULL,
  consent_text_version  TEXT,
  ip                    TEXT,
  user_agent            TEXT,
  details               TEXT
);
INSERT INTO digest_consent_events_010
  SELECT id, subscriber_id, subscription_id, kind, at, source, consent_text_version, ip, user_agent, details
  FROM digest_consent_events;
DROP TABLE digest_consent_events;
ALTER TABLE digest_consent_events_010 RENAME TO digest_consent_events;
CREATE INDEX digest_consent_events_subscriber ON digest_consent_events (subscriber_id, at);

CREATE TRIGGER digest_consent_events_no_delete BEFORE DELETE ON digest_consent_events
BEGIN
  SELECT RAISE(ABORT, 'digest_consent_events is append-only');
END;

CREATE TRIGGER digest_consent_events_no_update BEFORE UPDATE ON digest_consent_events
WHEN NEW.id IS NOT OLD.id OR NEW.subscriber_id IS NOT OLD.subscriber_id
  OR NEW.subscription_id IS NOT OLD.subscription_id OR NEW.kind IS NOT OLD.kind OR NEW.at IS NOT OLD.at
  OR NEW.source IS NOT OLD.source OR NEW.consent_text_version IS NOT OLD.consent_text_version
  OR NEW.details IS NOT OLD.details
  OR (NEW.ip IS NOT NULL AND NEW.ip IS NOT OLD.ip)
  OR (NEW.user_agent IS NOT NULL AND NEW.user_agent IS NOT OLD.user_agent)
BEGIN
  SELECT RAISE(ABORT, 'digest_consent_events is append-only (only ip and user_agent may be blanked)');
END;

CREATE INDEX mail_events_delivery ON mail_events (delivery_id, kind);
