-- 050-api-keys: API keys per principal. Only the sha256 of a key is stored; the key itself
-- is shown once when created. role operator: one county; carrier: one carrier name; official: one
-- county, or the whole province when county is null.
CREATE TABLE api_keys (
  id           bigserial PRIMARY KEY,
  key_hash     text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  -- First characters of the key (e.g. rd_AbCd), to recognise a key in lists and logs.
  key_prefix   text NOT NULL,
  role         text NOT NULL CHECK (role IN ('operator', 'carrier', 'official')),
  county       text CHECK (county ~ '^[0-9]{6}$'),
  carrier      text,
  label        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  CHECK (role <> 'operator' OR county IS NOT NULL),
  CHECK (role <> 'carrier' OR carrier IS NOT NULL)
);
