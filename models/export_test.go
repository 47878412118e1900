package models

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateTo moves a test database up or down to a migration version, so a
// test can write rows the way an older release did and then migrate them.
func (d *DB) MigrateTo(ctx context.Context, version int64) error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	if d.Dialect == MySQL {
		dir, dialect = "migrations/mysql", goose.DialectMySQL
	}
	sub, err := fs.Sub(migrationFiles, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, sqlDB, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return err
	}
	cur, err := p.GetDBVersion(ctx)
	if err != nil {
		return err
	}
	if version < cur {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	if err != nil {
		return fmt.Errorf("migrate to %d: %w", version, err)
	}
	return nil
}

// OrderViewsByColumns reads every order, newest first, through the plain
// column path (MySQL's), to compare with SQLite's JSON rows.
func (s *Store) OrderViewsByColumns(ctx context.Context) ([]OrderView, error) {
	rows, err := s.query(ctx, "SELECT "+orderViewColumns+" ORDER BY o.id DESC")
	if err != nil {
		return nil, err
	}
	return scanOrderViewColumns(rows, 0, false, nil)
}

// ParseSQLiteTime exposes the DATETIME parser.
var ParseSQLiteTime = parseSQLiteTime

// PlanByColumns is GetPlan through the plain column path.
func (s *Store) PlanByColumns(ctx context.Context, orderID int64) (*OrderHead, []Milestone, error) {
	return s.getPlanColumns(ctx, "SELECT "+planColumns+planFromMySQL, []any{orderID})
}

// RefreshRiskTx is refreshRisk for benchmarks: the work one write adds to
// its own transaction.
var RefreshRiskTx = refreshRisk
