-- +goose Up
CREATE TABLE photos (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  object_prefix         TEXT    NOT NULL,
  owner_kind            TEXT    NOT NULL DEFAULT '',
  owner_id              INTEGER NULL,
  supplier_id           INTEGER NULL REFERENCES suppliers (id),
  uploaded_by           INTEGER NOT NULL REFERENCES users (id),
  uploader_supplier_id  INTEGER NULL,
  width                 INTEGER NOT NULL,
  height                INTEGER NOT NULL,
  bytes                 INTEGER NOT NULL,
  preview_bytes         INTEGER NOT NULL,
  thumb_bytes           INTEGER NOT NULL,
  sha256                TEXT    NOT NULL,
  created_at            DATETIME NOT NULL,
  attached_at           DATETIME NULL
);
CREATE UNIQUE INDEX ux_photos_prefix ON photos (object_prefix);
CREATE INDEX ix_photos_owner ON photos (owner_kind, owner_id);
CREATE INDEX ix_photos_unattached ON photos (owner_kind, created_at);
CREATE INDEX ix_photos_uploader ON photos (uploaded_by);

-- +goose Down
DROP TABLE photos;
