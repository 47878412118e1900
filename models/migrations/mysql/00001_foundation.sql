-- MySQL 8 / MariaDB dialect: same tables, columns and indexes as sqlite/00001;
-- BIGINT AUTO_INCREMENT keys, DATETIME(6) in UTC, utf8mb4 throughout so
-- Chinese names round-trip.

-- +goose Up
CREATE TABLE suppliers (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code          VARCHAR(32)  NOT NULL,
  name          VARCHAR(200) NOT NULL,
  name_en       VARCHAR(200) NOT NULL DEFAULT '',
  contact_name  VARCHAR(100) NOT NULL DEFAULT '',
  contact_phone VARCHAR(40)  NOT NULL DEFAULT '',
  contact_email VARCHAR(254) NOT NULL DEFAULT '',
  address       VARCHAR(500) NOT NULL DEFAULT '',
  active        TINYINT(1)   NOT NULL DEFAULT 1,
  created_at    DATETIME(6)  NOT NULL,
  updated_at    DATETIME(6)  NOT NULL,
  UNIQUE KEY ux_suppliers_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name           VARCHAR(100) NOT NULL,
  email          VARCHAR(254) NOT NULL,
  phone          VARCHAR(32)  NULL,
  password_hash  VARCHAR(255) NOT NULL,
  role           VARCHAR(20)  NOT NULL,
  supplier_id    BIGINT       NULL,
  locale         VARCHAR(10)  NOT NULL DEFAULT 'zh-CN',
  active         TINYINT(1)   NOT NULL DEFAULT 1,
  token_version  INT          NOT NULL DEFAULT 0,
  last_login_at  DATETIME(6)  NULL,
  created_at     DATETIME(6)  NOT NULL,
  updated_at     DATETIME(6)  NOT NULL,
  UNIQUE KEY ux_users_email (email),
  UNIQUE KEY ux_users_phone (phone),
  KEY ix_users_supplier (supplier_id),
  CONSTRAINT fk_users_supplier FOREIGN KEY (supplier_id) REFERENCES suppliers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id     BIGINT      NOT NULL,
  family_id   VARCHAR(64) NOT NULL,
  token_hash  CHAR(64)    NOT NULL,
  created_at  DATETIME(6) NOT NULL,
  expires_at  DATETIME(6) NOT NULL,
  used_at     DATETIME(6) NULL,
  revoked_at  DATETIME(6) NULL,
  UNIQUE KEY ux_refresh_tokens_hash (token_hash),
  KEY ix_refresh_tokens_family (family_id),
  KEY ix_refresh_tokens_user (user_id),
  CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE idempotency_keys (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id        BIGINT       NOT NULL,
  idem_key       VARCHAR(255) NOT NULL,
  method         VARCHAR(10)  NOT NULL,
  path           VARCHAR(512) NOT NULL,
  request_hash   CHAR(64)     NOT NULL,
  status         INT          NOT NULL DEFAULT 0,
  response_body  LONGBLOB     NULL,
  content_type   VARCHAR(255) NOT NULL DEFAULT '',
  created_at     DATETIME(6)  NOT NULL,
  expires_at     DATETIME(6)  NOT NULL,
  UNIQUE KEY ux_idempotency_user_key (user_id, idem_key),
  KEY ix_idempotency_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_events (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  created_at   DATETIME(6)  NOT NULL,
  actor_id     BIGINT       NULL,
  action       VARCHAR(64)  NOT NULL,
  target_type  VARCHAR(64)  NOT NULL DEFAULT '',
  target_id    BIGINT       NULL,
  subject      VARCHAR(254) NOT NULL DEFAULT '',
  ip           VARCHAR(64)  NOT NULL DEFAULT '',
  detail       TEXT         NOT NULL,
  KEY ix_audit_action_subject (action, subject, created_at),
  KEY ix_audit_action_ip (action, ip, created_at),
  KEY ix_audit_target (target_type, target_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE audit_events;
DROP TABLE idempotency_keys;
DROP TABLE refresh_tokens;
DROP TABLE users;
DROP TABLE suppliers;
