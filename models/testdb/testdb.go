// Package testdb gives each test a fresh, migrated database: SQLite in
// t.TempDir() always, and MySQL/MariaDB when GENDAN_TEST_MYSQL_DSN is set
// (a mysql:// URL whose user may create databases). CI always sets it; there
// a missing DSN fails the test instead of skipping it.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"gendan/models"
)

// EnvMySQL names the variable holding the test server's URL.
const EnvMySQL = "GENDAN_TEST_MYSQL_DSN"

// Each runs fn once per available dialect, as subtests named after it.
func Each(t *testing.T, fn func(t *testing.T, db *models.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("mysql", func(t *testing.T) { fn(t, MySQL(t)) })
}

// SQLite opens a migrated SQLite database in a temp dir.
func SQLite(t testing.TB) *models.DB {
	t.Helper()
	dir := t.TempDir()
	db, err := models.Open("sqlite://"+dir+"/test.db", dir)
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	migrate(t, db)
	return db
}

// MySQL creates a fresh database on the test server, migrates it, and drops
// it when the test ends. Without a DSN it skips, saying why (or fails in CI).
func MySQL(t testing.TB) *models.DB {
	t.Helper()
	dsn := os.Getenv(EnvMySQL)
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set; CI must run the MySQL suite", EnvMySQL)
		}
		t.Skipf("skipping MySQL run: %s is not set (CI sets it to the local MariaDB)", EnvMySQL)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s: %v", EnvMySQL, err)
	}
	admin, err := models.Open(dsn, "")
	if err != nil {
		t.Fatalf("connect to test MySQL: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "gendan_t_" + hex.EncodeToString(b)
	if err := admin.Gorm.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").Error; err != nil {
		t.Fatalf("create test database: %v", err)
	}
	u.Path = "/" + name
	db, err := models.Open(u.String(), "")
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		if a, err := models.Open(dsn, ""); err == nil {
			a.Gorm.Exec("DROP DATABASE IF EXISTS " + name)
			a.Close()
		}
	})
	migrate(t, db)
	return db
}

func migrate(t testing.TB, db *models.DB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", db.Dialect, err)
	}
}

// Clock is a settable clock for tests, safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set puts the clock at t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t.UTC()
	c.mu.Unlock()
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// NewClock starts a clock at a fixed UTC time, whole seconds, which both
// databases store exactly.
func NewClock() *Clock {
	return &Clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

// TokenKey is the refresh-successor key used in tests.
var TokenKey = []byte("test-token-key-0123456789abcdef0123456789")

// Tables lists the tables of the open database.
func Tables(db *gorm.DB) ([]string, error) {
	return db.Migrator().GetTables()
}

// Ident checks that s is safe to splice into SQL as a name.
func Ident(s string) string {
	if strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		panic(fmt.Sprintf("bad identifier %q", s))
	}
	return s
}
