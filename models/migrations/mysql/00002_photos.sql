-- +goose Up
CREATE TABLE photos (
  id                    BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  object_prefix         VARCHAR(128) NOT NULL,
  owner_kind            VARCHAR(32)  NOT NULL DEFAULT '',
  owner_id              BIGINT       NULL,
  supplier_id           BIGINT       NULL,
  uploaded_by           BIGINT       NOT NULL,
  uploader_supplier_id  BIGINT       NULL,
  width                 INT          NOT NULL,
  height                INT          NOT NULL,
  bytes                 BIGINT       NOT NULL,
  preview_bytes         BIGINT       NOT NULL,
  thumb_bytes           BIGINT       NOT NULL,
  sha256                CHAR(64)     NOT NULL,
  created_at            DATETIME(6)  NOT NULL,
  attached_at           DATETIME(6)  NULL,
  UNIQUE KEY ux_photos_prefix (object_prefix),
  KEY ix_photos_owner (owner_kind, owner_id),
  KEY ix_photos_unattached (owner_kind, created_at),
  KEY ix_photos_uploader (uploaded_by),
  CONSTRAINT fk_photos_supplier FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
  CONSTRAINT fk_photos_uploader FOREIGN KEY (uploaded_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE photos;
