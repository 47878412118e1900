package models

import (
	"context"
	"fmt"
	"time"
)

// AuditEvent is one security-relevant happening: logins, failed logins,
// account changes. Failed logins also drive the login rate limit, which
// therefore holds across every node.
type AuditEvent struct {
	ID         int64 `gorm:"primaryKey"`
	CreatedAt  time.Time
	ActorID    *int64
	Action     string
	TargetType string
	TargetID   *int64
	Subject    string
	IP         string
	Detail     string
}

// Audit actions.
const (
	AuditLogin         = "login"
	AuditLoginFailed   = "login_failed"
	AuditLogout        = "logout"
	AuditTokenReuse    = "refresh_reuse"
	AuditUserCreated   = "user_created"
	AuditUserUpdated   = "user_updated"
	AuditPasswordSet   = "password_changed"
	AuditSupplierSaved = "supplier_saved"
)

// RecordAudit appends an event.
func (s *Store) RecordAudit(ctx context.Context, e AuditEvent) error {
	e.ID = 0
	e.CreatedAt = s.clock.Now()
	if len(e.Subject) > 254 {
		e.Subject = e.Subject[:254]
	}
	if err := s.conn(ctx).Create(&e).Error; err != nil {
		return fmt.Errorf("record audit %s: %w", e.Action, err)
	}
	return nil
}

// RecentCount counts events of an action since a time, by subject or by IP,
// and returns the oldest one's time (to compute Retry-After).
func (s *Store) RecentCount(ctx context.Context, action, column, value string, since time.Time) (int64, time.Time, error) {
	if column != "subject" && column != "ip" {
		return 0, time.Time{}, fmt.Errorf("recent count: bad column %q", column)
	}
	var n int64
	q := s.conn(ctx).Model(&AuditEvent{}).
		Where("action = ? AND "+column+" = ? AND created_at >= ?", action, value, since)
	if err := q.Count(&n).Error; err != nil {
		return 0, time.Time{}, err
	}
	if n == 0 {
		return 0, time.Time{}, nil
	}
	var first AuditEvent
	if err := s.conn(ctx).Select("created_at").Where("action = ? AND "+column+" = ? AND created_at >= ?", action, value, since).
		Order("created_at").Limit(1).Take(&first).Error; err != nil {
		return 0, time.Time{}, err
	}
	return n, first.CreatedAt, nil
}

// ListAudit returns the newest events about a target (admin views, tests).
func (s *Store) ListAudit(ctx context.Context, action string, limit int) ([]AuditEvent, error) {
	var rows []AuditEvent
	q := s.conn(ctx).Order("id DESC").Limit(limit)
	if action != "" {
		q = q.Where("action = ?", action)
	}
	return rows, q.Find(&rows).Error
}
