-- 0001-init: studies, immutable dataset versions, variable roles, analyses, fits, reports, and the
-- append-only audit log. Applied once, in a transaction, under PRAGMA user_version = 1. Never edit a
-- migration that has landed; add the next one.

CREATE TABLE studies (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
  description TEXT NOT NULL DEFAULT '',
  is_demo     INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
) STRICT;

-- One imported file. `complete` is 0 only inside the transaction that writes the version; a crash rolls the
-- whole version back. Once complete, a version can be neither changed nor deleted.
CREATE TABLE datasets (
  id             INTEGER PRIMARY KEY,
  study_id       INTEGER NOT NULL REFERENCES studies(id),
  name           TEXT NOT NULL,               -- the file name, e.g. adadas.json
  version        INTEGER NOT NULL CHECK (version >= 1),
  format         TEXT NOT NULL,               -- csv, xlsx, xpt, dataset-json, dataset-ndjson
  size           INTEGER NOT NULL CHECK (size >= 0),
  sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
  rows           INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),
  source_path    TEXT NOT NULL,               -- where the file was read from
  import_options TEXT NOT NULL CHECK (json_valid(import_options)),   -- what the user gave
  read_options   TEXT NOT NULL CHECK (json_valid(read_options)),     -- what the reader used or detected
  imported_at    TEXT NOT NULL,
  imported_by    TEXT NOT NULL,
  complete       INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
  UNIQUE (study_id, name, version)
) STRICT;

CREATE TABLE dataset_columns (
  dataset_id     INTEGER NOT NULL REFERENCES datasets(id),
  position       INTEGER NOT NULL CHECK (position >= 0),
  name           TEXT NOT NULL,
  label          TEXT,
  storage        TEXT NOT NULL CHECK (storage IN ('number', 'text')),
  source_type    TEXT,
  format         TEXT,
  length         INTEGER,
  inferred_type  TEXT NOT NULL CHECK (inferred_type IN ('numeric', 'character')),
  type           TEXT NOT NULL CHECK (type IN ('numeric', 'character')),
  PRIMARY KEY (dataset_id, position),
  UNIQUE (dataset_id, name)
) STRICT;

-- The values, column by column in runs of rows: a faithful copy of what the file holds. `number` columns
-- are little-endian IEEE doubles (NaN = missing); `text` columns are a JSON array of the cells as read
-- (CSV cells verbatim, null = missing).
CREATE TABLE dataset_chunks (
  dataset_id INTEGER NOT NULL REFERENCES datasets(id),
  position   INTEGER NOT NULL,
  chunk      INTEGER NOT NULL CHECK (chunk >= 0),
  rows       INTEGER NOT NULL CHECK (rows > 0),
  data       BLOB NOT NULL,
  PRIMARY KEY (dataset_id, position, chunk)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER datasets_complete_immutable BEFORE UPDATE ON datasets WHEN OLD.complete = 1
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable; import the file again to make a new version'); END;
CREATE TRIGGER datasets_no_delete BEFORE DELETE ON datasets WHEN OLD.complete = 1
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable and cannot be deleted'); END;
CREATE TRIGGER dataset_columns_immutable BEFORE UPDATE ON dataset_columns
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER dataset_columns_no_delete BEFORE DELETE ON dataset_columns
  WHEN (SELECT complete FROM datasets WHERE id = OLD.dataset_id) = 1
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER dataset_chunks_immutable BEFORE UPDATE ON dataset_chunks
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER dataset_chunks_no_delete BEFORE DELETE ON dataset_chunks
  WHEN (SELECT complete FROM datasets WHERE id = OLD.dataset_id) = 1
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER dataset_columns_frozen BEFORE INSERT ON dataset_columns
  WHEN (SELECT complete FROM datasets WHERE id = NEW.dataset_id) = 1
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER dataset_chunks_frozen BEFORE INSERT ON dataset_chunks
  WHEN (SELECT complete FROM datasets WHERE id = NEW.dataset_id) = 1
BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;

-- The roles of a dataset's columns (subject, visit, arm, outcome...): the suggestion made at import and the
-- user's current choice. Changes are recorded in the audit log.
CREATE TABLE variable_roles (
  dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id),
  suggested  TEXT NOT NULL CHECK (json_valid(suggested)),
  roles      TEXT NOT NULL CHECK (json_valid(roles)),
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE analyses (
  id         INTEGER PRIMARY KEY,
  study_id   INTEGER NOT NULL REFERENCES studies(id),
  dataset_id INTEGER NOT NULL REFERENCES datasets(id),
  name       TEXT NOT NULL,
  spec       TEXT NOT NULL CHECK (json_valid(spec)),   -- the analysis spec (docs: ARCHITECTURE, spec format)
  roles      TEXT NOT NULL CHECK (json_valid(roles)),  -- the variable roles the spec was built from
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE TABLE fits (
  id          INTEGER PRIMARY KEY,
  analysis_id INTEGER REFERENCES analyses(id),
  dataset_id  INTEGER NOT NULL REFERENCES datasets(id),
  spec        TEXT NOT NULL CHECK (json_valid(spec)),
  result      TEXT NOT NULL CHECK (json_valid(result)),
  converged   INTEGER NOT NULL CHECK (converged IN (0, 1)),
  provenance  TEXT NOT NULL CHECK (json_valid(provenance)),  -- versions, dataset hash, user, host, timings
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
) STRICT;

CREATE TABLE reports (
  id         INTEGER PRIMARY KEY,
  fit_id     INTEGER NOT NULL REFERENCES fits(id),
  format     TEXT NOT NULL,                 -- pdf, csv
  path       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

-- The audit trail. Each event's hash is SHA-256 over the previous event's hash and this event's fields
-- (src-main/db/audit.ts says exactly how), so a changed, removed or inserted event breaks the chain.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  os_user   TEXT NOT NULL,
  action    TEXT NOT NULL,
  study_id  INTEGER,
  details   TEXT NOT NULL CHECK (json_valid(details)),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash      TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: events cannot be deleted'); END;

CREATE INDEX datasets_by_study ON datasets(study_id);
CREATE INDEX analyses_by_study ON analyses(study_id);
CREATE INDEX fits_by_analysis ON fits(analysis_id);
CREATE INDEX audit_by_study ON audit_log(study_id);
