package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// NotificationSend is one notification to deliver through one outside
// channel to one target (docs/NOTIFICATIONS.md). It is written with its
// notification, in the transaction of the change, so it exists exactly
// when the change committed; the dispatcher (worker/notify.go) claims due
// sends with a lease, delivers them and records the outcome.
type NotificationSend struct {
	ID             int64 `gorm:"primaryKey"`
	NotificationID int64
	UserID         *int64 // nil: a supplier's contact, not a user (contactSend)
	Channel        string
	Target         string
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	ClaimedBy      string
	LeaseUntil     *time.Time
	LastError      string
	SentAt         *time.Time
	CreatedAt      time.Time
	// Batched counts the similar notifications folded into this send.
	Batched int
}

// Send statuses and channels.
const (
	SendPending = "pending"
	SendSent    = "sent"
	SendFailed  = "failed"

	ChannelEmail = "email"
)

// NotifyConfig says which outside channels are on (set once at start).
type NotifyConfig struct {
	// Email sends every notification to its recipient's e-mail address
	// too, and escalations to the supplier's contact (GENDAN_SMTP_HOST set).
	Email bool
	// Push sends every notification to each browser its recipient
	// subscribed (VAPID keys present).
	Push bool
	// Batch is the window of batching: at most one message of a kind about
	// an order to one recipient and target per Batch, the rest folded into
	// one at its end (GENDAN_NOTIFY_BATCH; 0: none).
	Batch time.Duration
}

var notifyConfig atomic.Pointer[NotifyConfig]

// SetNotifyConfig turns outside channels on or off for the notifications
// written from now on.
func SetNotifyConfig(c NotifyConfig) { notifyConfig.Store(&c) }

func currentNotifyConfig() NotifyConfig {
	if c := notifyConfig.Load(); c != nil {
		return *c
	}
	return NotifyConfig{}
}

// addSends writes the outside sends of the notification rows of one event
// n: the chat robots of the side it is addressed to, and each recipient's
// browsers and e-mail when those channels are on.
func addSends(tx *gorm.DB, now time.Time, n Notification, rows []Notification) error {
	if len(rows) == 0 {
		return nil
	}
	sends, err := robotSends(tx, now, n, rows)
	if err != nil {
		return fmt.Errorf("notification sends: %w", err)
	}
	cfg := currentNotifyConfig()
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, *r.UserID)
	}
	if cfg.Push {
		ps, err := pushSends(tx, now, rows, uniq(ids))
		if err != nil {
			return fmt.Errorf("notification sends: %w", err)
		}
		sends = append(sends, ps...)
	}
	if cfg.Email {
		es, err := emailSends(tx, now, rows, uniq(ids))
		if err != nil {
			return fmt.Errorf("notification sends: %w", err)
		}
		sends = append(sends, es...)
	}
	if sends, err = applySettings(tx, sends, n.Kind); err != nil {
		return fmt.Errorf("notification sends: %w", err)
	}
	if cfg.Batch > 0 {
		if sends, err = batchSends(tx, now, sends, n.Kind, n.OrderID, cfg.Batch); err != nil {
			return fmt.Errorf("notification sends: %w", err)
		}
	}
	if len(sends) == 0 {
		return nil
	}
	return tx.Create(&sends).Error
}

// batchSends folds similar sends: when the same recipient and target got
// a message of this kind about this order within the batch window, the
// new one waits for the window's end — into the send already waiting, if
// there is one, which then counts it.
func batchSends(tx *gorm.DB, now time.Time, sends []NotificationSend, kind string, orderID int64, window time.Duration) ([]NotificationSend, error) {
	out := sends[:0]
	for _, sd := range sends {
		var last NotificationSend
		err := tx.Table("notification_sends s").Select("s.id, s.status, s.next_attempt_at, s.lease_until, s.created_at").
			Joins("JOIN notifications n ON n.id = s.notification_id").
			Where("s.user_id = ? AND s.channel = ? AND s.target = ? AND n.kind = ? AND n.order_id = ? AND s.created_at > ?",
				*sd.UserID, sd.Channel, sd.Target, kind, orderID, now.Add(-window)).
			Order("s.id DESC").Limit(1).Take(&last).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			out = append(out, sd)
			continue
		} else if err != nil {
			return nil, err
		}
		if last.Status == SendPending && last.LeaseUntil == nil && last.NextAttemptAt.After(now) {
			// One is waiting for the window's end: it takes this one too.
			if err := tx.Model(&NotificationSend{}).Where("id = ?", last.ID).
				Update("batched", gorm.Expr("batched + 1")).Error; err != nil {
				return nil, err
			}
			continue
		}
		sd.NextAttemptAt = maxTime(sd.NextAttemptAt, last.CreatedAt.Add(window))
		out = append(out, sd)
	}
	return out, nil
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// emailSends are the e-mail sends of notifications: every active
// recipient with an address (each may leave kinds out in their settings).
func emailSends(tx *gorm.DB, now time.Time, rows []Notification, ids []int64) ([]NotificationSend, error) {
	var users []struct {
		ID    int64
		Email string
	}
	if err := tx.Table("users").Select("id, email").
		Where("id IN ? AND active = ? AND email <> ''", ids, true).
		Find(&users).Error; err != nil {
		return nil, err
	}
	email := make(map[int64]string, len(users))
	for _, u := range users {
		email[u.ID] = u.Email
	}
	var out []NotificationSend
	for _, r := range rows {
		if addr, ok := email[*r.UserID]; ok {
			out = append(out, NotificationSend{NotificationID: r.ID, UserID: r.UserID, Channel: ChannelEmail, Target: addr,
				Status: SendPending, NextAttemptAt: now, CreatedAt: now})
		}
	}
	return out, nil
}

// ClaimedSend is a send a dispatcher holds, with what its message needs.
type ClaimedSend struct {
	Send         NotificationSend
	Notification Notification
	Locale       string
	PONumber     string
	StyleNo      string
	Actor        string
	Data         map[string]any
}

// ClaimSends takes up to limit due sends for holder until now+lease. Two
// dispatchers never hold one send at once: on MySQL the candidates are
// locked FOR UPDATE SKIP LOCKED (another dispatcher skips them instead of
// waiting), on SQLite (one process) the claim is a conditional update;
// on both the rows are then read back by this claim's own token. A send
// whose holder died is taken again once its lease has passed.
func (s *Store) ClaimSends(ctx context.Context, holder string, limit int, lease time.Duration) ([]ClaimedSend, string, error) {
	now := s.clock.Now()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return nil, "", err
	}
	token := holder + "/" + hex.EncodeToString(b)
	if len(token) > 140 {
		token = token[len(token)-140:]
	}
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		q := tx.Model(&NotificationSend{}).
			Where("status = ? AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)", SendPending, now, now).
			Order("id").Limit(limit)
		if s.dialect == MySQL {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var ids []int64
		if err := q.Pluck("id", &ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		return tx.Model(&NotificationSend{}).
			Where("id IN ? AND status = ? AND (lease_until IS NULL OR lease_until < ?)", ids, SendPending, now).
			Updates(map[string]any{"claimed_by": token, "lease_until": now.Add(lease)}).Error
	})
	if err != nil {
		return nil, "", fmt.Errorf("claim sends: %w", err)
	}
	var sends []NotificationSend
	if err := s.conn(ctx).Where("claimed_by = ? AND status = ?", token, SendPending).Order("id").Find(&sends).Error; err != nil {
		return nil, "", err
	}
	if len(sends) == 0 {
		return nil, token, nil
	}
	return s.sendContext(ctx, sends, token)
}

// sendContext loads what the claimed sends' messages say.
func (s *Store) sendContext(ctx context.Context, sends []NotificationSend, token string) ([]ClaimedSend, string, error) {
	nids, uids := make([]int64, 0, len(sends)), make([]int64, 0, len(sends))
	for _, sd := range sends {
		nids = append(nids, sd.NotificationID)
		if sd.UserID != nil {
			uids = append(uids, *sd.UserID)
		}
	}
	var ns []Notification
	if err := s.conn(ctx).Where("id IN ?", uniq(nids)).Find(&ns).Error; err != nil {
		return nil, "", err
	}
	byID := make(map[int64]Notification, len(ns))
	var orders, actors []int64
	for _, n := range ns {
		byID[n.ID] = n
		orders = append(orders, n.OrderID)
		if n.ActorID != nil {
			actors = append(actors, *n.ActorID)
		}
	}
	var locales []struct {
		ID     int64
		Locale string
	}
	if err := s.conn(ctx).Table("users").Select("id, locale").Where("id IN ?", uniq(uids)).Find(&locales).Error; err != nil {
		return nil, "", err
	}
	locale := map[int64]string{}
	for _, l := range locales {
		locale[l.ID] = l.Locale
	}
	titles, err := s.OrderTitles(ctx, uniq(orders))
	if err != nil {
		return nil, "", err
	}
	names, err := s.UserNames(ctx, uniq(actors))
	if err != nil {
		return nil, "", err
	}
	out := make([]ClaimedSend, 0, len(sends))
	for _, sd := range sends {
		n := byID[sd.NotificationID]
		c := ClaimedSend{Send: sd, Notification: n, Locale: ContactLocale, Data: map[string]any{}}
		if sd.UserID != nil {
			c.Locale = locale[*sd.UserID]
		}
		if t, ok := titles[n.OrderID]; ok {
			c.PONumber, c.StyleNo = t.PONumber, t.StyleNo
		}
		if n.ActorID != nil {
			c.Actor = names[*n.ActorID]
		}
		_ = json.Unmarshal([]byte(n.Data), &c.Data)
		out = append(out, c)
	}
	return out, token, nil
}

// SendOutcome is how one delivery went.
type SendOutcome struct {
	Err       error // nil: delivered
	Permanent bool  // retrying cannot help
	Gone      bool  // the target no longer exists: dropped, not failed
}

// FinishSend records a claimed send's outcome, if token still holds it:
// sent; or failed for good (permanent, or the last attempt); or due again
// after backoff(attempts). It reports whether the claim was still held.
func (s *Store) FinishSend(ctx context.Context, id int64, token string, out SendOutcome, maxAttempts int,
	backoff func(attempt int) time.Duration) (bool, error) {
	now := s.clock.Now()
	q := s.conn(ctx).Model(&NotificationSend{}).Where("id = ? AND claimed_by = ? AND status = ?", id, token, SendPending)
	var res *gorm.DB
	if out.Err == nil {
		res = q.Updates(map[string]any{"status": SendSent, "sent_at": now, "lease_until": nil, "attempts": gorm.Expr("attempts + 1"),
			"last_error": ""})
	} else {
		var sd NotificationSend
		if err := s.conn(ctx).Select("attempts").Where("id = ?", id).Take(&sd).Error; err != nil {
			return false, err
		}
		attempts := sd.Attempts + 1
		msg := out.Err.Error()
		if r := []rune(msg); len(r) > 480 {
			msg = string(r[:480])
		}
		up := map[string]any{"attempts": attempts, "last_error": msg, "lease_until": nil}
		if out.Gone {
			up["status"] = SendDropped
		} else if out.Permanent || attempts >= maxAttempts {
			up["status"] = SendFailed
		} else {
			up["next_attempt_at"] = now.Add(backoff(attempts))
		}
		res = q.Updates(up)
	}
	if res.Error != nil {
		return false, fmt.Errorf("finish send %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReleaseSends gives back the sends token still holds, unstarted, so that
// another dispatcher takes them at once rather than after the lease (a node
// stopping mid-batch). It reports how many went back.
func (s *Store) ReleaseSends(ctx context.Context, token string) (int64, error) {
	res := s.conn(ctx).Model(&NotificationSend{}).Where("claimed_by = ? AND status = ? AND lease_until IS NOT NULL", token, SendPending).
		Updates(map[string]any{"claimed_by": "", "lease_until": nil})
	return res.RowsAffected, res.Error
}

// FailedSend is a send that gave up, for admins.
type FailedSend struct {
	NotificationSend
	Kind    string
	OrderID int64
}

// FailedSends lists the sends that gave up, newest first.
func (s *Store) FailedSends(ctx context.Context, limit int) ([]FailedSend, error) {
	if limit <= 0 || limit > MaxPageSize {
		limit = DefaultPageSize
	}
	var out []FailedSend
	err := s.failedQuery(ctx).Where("notification_sends.status = ?", SendFailed).Order("notification_sends.id DESC").Limit(limit).Find(&out).Error
	return out, err
}

// Send statuses in full, and the one thing an admin does to a send.
var SendStatuses = []string{SendPending, SendSent, SendFailed, SendDropped}

// SendRetry is an admin sending a failed send again.
const SendRetry Action = "retry"

// SendActions lists every send action (for the table test).
var SendActions = []Action{SendRetry}

// sendTransitions: a send that gave up is retried; the dispatcher moves
// the others (pending → sent, failed or dropped), nobody else.
var sendTransitions = Transitions{
	SendPending: {},
	SendSent:    {},
	SendFailed:  {SendRetry: SendPending},
	SendDropped: {},
}

// SendCan reports whether a send in status allows a.
func SendCan(status string, a Action) bool { return sendTransitions.Can(status, a) }

func sendStep(from string, a Action) (string, error) {
	if to, ok := sendTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", Conflict("send_not_failed", "status", from)
}

// RetrySend makes a failed send due now with a fresh count of attempts;
// the next dispatcher pass takes it. The last error stays until then.
func (s *Store) RetrySend(ctx context.Context, id int64) (*FailedSend, error) {
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var sd NotificationSend
		if err := s.forUpdate(tx).Where("id = ?", id).Take(&sd).Error; err != nil {
			return notFound(err)
		}
		to, err := sendStep(sd.Status, SendRetry)
		if err != nil {
			return err
		}
		return tx.Model(&NotificationSend{}).Where("id = ? AND status = ?", id, sd.Status).
			Updates(map[string]any{"status": to, "attempts": 0, "next_attempt_at": s.clock.Now(), "lease_until": nil,
				"claimed_by": ""}).Error
	})
	if err != nil {
		return nil, err
	}
	return s.sendRow(ctx, id)
}

func (s *Store) sendRow(ctx context.Context, id int64) (*FailedSend, error) {
	var out FailedSend
	err := s.failedQuery(ctx).Where("notification_sends.id = ?", id).Take(&out).Error
	return &out, notFound(err)
}

func (s *Store) failedQuery(ctx context.Context) *gorm.DB {
	return s.conn(ctx).Table("notification_sends").
		Select("notification_sends.*, notifications.kind, notifications.order_id").
		Joins("JOIN notifications ON notifications.id = notification_sends.notification_id")
}
