package models

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	mysqldrv "github.com/go-sql-driver/mysql"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the SQL dialect of an open database.
type Dialect string

const (
	SQLite Dialect = "sqlite"
	MySQL  Dialect = "mysql"
)

// DB is an open database and the dialect it speaks.
type DB struct {
	Gorm    *gorm.DB
	Dialect Dialect
}

// Order is important: goose applies the files of a dialect directory by their
// version prefix. Add new migrations at the end, to both directories, and
// never edit one that has been released.
//
//go:embed migrations/sqlite/*.sql migrations/mysql/*.sql
var migrationFiles embed.FS

// ParseDSN turns GENDAN_DB into a dialect and a driver DSN. An empty value
// means the embedded default: a SQLite file in dataDir.
func ParseDSN(raw, dataDir string) (Dialect, string, error) {
	switch {
	case raw == "":
		return SQLite, sqliteDSN(filepath.Join(dataDir, "gendan.db")), nil
	case strings.HasPrefix(raw, "mysql://"):
		dsn, err := mysqlDSN(raw)
		return MySQL, dsn, err
	case strings.HasPrefix(raw, "sqlite://"):
		return SQLite, sqliteDSN(strings.TrimPrefix(raw, "sqlite://")), nil
	case strings.HasPrefix(raw, "file:") || strings.HasSuffix(raw, ".db"):
		return SQLite, sqliteDSN(strings.TrimPrefix(raw, "file:")), nil
	}
	return "", "", fmt.Errorf("GENDAN_DB: unsupported value (want mysql://user:pass@host:3306/db or sqlite://path)")
}

func sqliteDSN(path string) string {
	// WAL lets readers run beside the writer; immediate transactions take the
	// write lock at BEGIN so two writers wait (busy_timeout) instead of failing
	// when a read lock cannot be upgraded.
	//
	// A 32 MB page cache per connection and reads through mmap: a list
	// page touches orders, suppliers, customers and steps all over the file,
	// and pread-ing the pages again cost a tenth of the read (issue 11).
	//
	// No _time_format: glebarez/go-sqlite stops reading the parameters after
	// it, so _txlock would be silently ignored; its default write format is
	// the "sqlite" one anyway.
	return path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32000)&_pragma=mmap_size(268435456)&_txlock=immediate"
}

func mysqlDSN(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("GENDAN_DB: %v", redact(err))
	}
	cfg := mysqldrv.NewConfig()
	cfg.Net = "tcp"
	cfg.Addr = u.Host
	if u.Port() == "" {
		cfg.Addr = u.Host + ":3306"
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" {
		return "", errors.New("GENDAN_DB: the MySQL URL names no database")
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.Collation = "utf8mb4_unicode_ci"
	cfg.Params = map[string]string{"charset": "utf8mb4", "time_zone": "'+00:00'"}
	for k, vs := range u.Query() {
		if len(vs) == 0 {
			continue
		}
		switch k {
		case "tls":
			cfg.TLSConfig = vs[0]
		case "timeout":
			if d, err := time.ParseDuration(vs[0]); err == nil {
				cfg.Timeout = d
			}
		default:
			cfg.Params[k] = vs[0]
		}
	}
	return cfg.FormatDSN(), nil
}

// redact keeps passwords out of error messages about URLs.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return errors.New("malformed URL")
	}
	return err
}

// Open opens the database described by GENDAN_DB. It does not migrate.
func Open(raw, dataDir string) (*DB, error) {
	dialect, dsn, err := ParseDSN(raw, dataDir)
	if err != nil {
		return nil, err
	}
	gcfg := &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		SkipDefaultTransaction: true,
		TranslateError:         true,
	}
	var gdb *gorm.DB
	switch dialect {
	case SQLite:
		if raw == "" {
			if err := os.MkdirAll(dataDir, 0o700); err != nil {
				return nil, fmt.Errorf("create data dir: %w", err)
			}
		}
		gdb, err = gorm.Open(sqlite.Open(dsn), gcfg)
	case MySQL:
		gdb, err = gorm.Open(mysql.New(mysql.Config{DSN: dsn}), gcfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		sqlDB.SetMaxOpenConns(8)
		sqlDB.SetMaxIdleConns(8)
	} else {
		sqlDB.SetMaxOpenConns(50)
		sqlDB.SetMaxIdleConns(25)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to %s database: %w", dialect, err)
	}
	return &DB{Gorm: gdb, Dialect: dialect}, nil
}

// Close closes the connection pool.
func (d *DB) Close() error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers (for /readyz).
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Migrate applies every pending migration of the database's dialect. On MySQL
// a named lock makes concurrent starts of several nodes migrate once.
func (d *DB) Migrate(ctx context.Context) ([]string, error) {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return nil, err
	}
	dir := "migrations/sqlite"
	dialect := goose.DialectSQLite3
	if d.Dialect == MySQL {
		dir, dialect = "migrations/mysql", goose.DialectMySQL
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("migrate: %w", err)
		}
		defer conn.Close()
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK('gendan_migrate', 120)").Scan(&got); err != nil || got.Int64 != 1 {
			return nil, fmt.Errorf("migrate: could not take the migration lock: %v", err)
		}
		defer conn.ExecContext(context.Background(), "SELECT RELEASE_LOCK('gendan_migrate')")
	}
	sub, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(dialect, sqlDB, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	applied := make([]string, 0, len(res))
	for _, r := range res {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}
