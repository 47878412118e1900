package models

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Store is the persistence layer: every query of the product goes through it.
type Store struct {
	db      *gorm.DB
	dialect Dialect
	clock   Clock
	// tokenKey derives a refresh token's successor (see RotateRefreshToken).
	tokenKey []byte
	// sqlDB, stmts and reads serve the lean reads (order_read.go).
	sqlDB *sql.DB
	stmts *sync.Map // SQL text → *sql.Stmt
	reads *atomic.Int64
}

// NewStore wraps an open, migrated database.
func NewStore(d *DB, clock Clock, tokenKey []byte) *Store {
	if clock == nil {
		clock = SystemClock{}
	}
	// GORM's own timestamps (updated_at on Updates) follow the same clock.
	db := d.Gorm.Session(&gorm.Session{NowFunc: func() time.Time { return clock.Now() }})
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		panic(err) // a *gorm.DB opened by Open always has one
	}
	return &Store{db: db, dialect: d.Dialect, clock: clock, tokenKey: tokenKey, sqlDB: sqlDB,
		stmts: &sync.Map{}, reads: &atomic.Int64{}}
}

// Gorm exposes the handle for tests and benchmarks.
func (s *Store) Gorm() *gorm.DB { return s.db }

// Dialect says which SQL dialect the store speaks.
func (s *Store) Dialect() Dialect { return s.dialect }

// Clock is the store's clock.
func (s *Store) Clock() Clock { return s.clock }

func (s *Store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// readCommittedTx runs fn in a transaction that sees rows other transactions
// committed while it waited on a lock. MySQL's default REPEATABLE READ would
// re-read its first snapshot instead; SQLite's immediate transactions are
// serialised anyway and take no isolation option.
func (s *Store) readCommittedTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.dialect == MySQL {
		return s.db.WithContext(ctx).Transaction(fn, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	}
	return s.db.WithContext(ctx).Transaction(fn)
}

// forUpdate locks the rows a query of tx reads until tx ends: SELECT … FOR
// UPDATE on MySQL; SQLite's immediate transactions serialise writers already.
func (s *Store) forUpdate(tx *gorm.DB) *gorm.DB {
	if s.dialect == MySQL {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}

// Page is the paging part of every list request.
type Page struct {
	Limit  int
	Cursor string
}

const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Normalize applies the default and the cap and decodes the cursor into the
// id after which the page starts.
func (p Page) Normalize() (limit int, after int64, err error) {
	limit = p.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	if p.Cursor != "" {
		after, err = DecodeCursor(p.Cursor)
		if err != nil {
			return 0, 0, Invalid("cursor", "invalid_cursor")
		}
	}
	return limit, after, nil
}

// EncodeCursor makes an opaque cursor from the last id of a page.
func EncodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("c1:" + strconv.FormatInt(id, 10)))
}

// DecodeCursor reverses EncodeCursor.
func DecodeCursor(c string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "c1:") {
		return 0, errors.New("bad cursor")
	}
	id, err := strconv.ParseInt(string(b[3:]), 10, 64)
	if err != nil || id < 0 {
		return 0, errors.New("bad cursor")
	}
	return id, nil
}

// pageOf trims a limit+1 query result to limit and returns the next cursor.
func pageOf[T any](rows []T, limit int, id func(T) int64) ([]T, string) {
	if len(rows) <= limit {
		return rows, ""
	}
	rows = rows[:limit]
	return rows, EncodeCursor(id(rows[len(rows)-1]))
}

// notFound turns gorm's record-not-found into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}

// isDuplicate reports a unique-index violation on either dialect.
func isDuplicate(err error) bool {
	return errors.Is(err, gorm.ErrDuplicatedKey) ||
		(err != nil && (strings.Contains(err.Error(), "UNIQUE constraint failed") || strings.Contains(err.Error(), "Duplicate entry")))
}
