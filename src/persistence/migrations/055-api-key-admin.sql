-- 055-api-key-admin: the `admin` role. An admin manages keys and the job queues; it has no county
-- and no carrier. The role check of 050 is replaced (its name is Postgres' default for a column
-- check).
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'operator', 'carrier', 'official'));
ALTER TABLE api_keys ADD CONSTRAINT api_keys_admin_unscoped CHECK (role <> 'admin' OR (county IS NULL AND carrier IS NULL));
