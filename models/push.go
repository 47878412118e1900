package models

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// PushSubscription is a browser's Web Push endpoint and keys for a user.
type PushSubscription struct {
	ID           int64 `gorm:"primaryKey"`
	UserID       int64
	Endpoint     string
	EndpointHash string
	P256dh       string
	Auth         string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ChannelPush is the Web Push channel of notification sends; a send's
// target is the subscription's id.
const ChannelPush = "webpush"

// SendDropped is a send whose target no longer exists (a push
// subscription the browser dropped): not a failure to show admins.
const SendDropped = "dropped"

func endpointHash(endpoint string) string {
	h := sha256.Sum256([]byte(endpoint))
	return hex.EncodeToString(h[:])
}

func checkPushSubscription(endpoint, p256dh, auth string) error {
	v := &ValidationError{}
	u, err := url.Parse(endpoint)
	switch {
	case endpoint == "":
		v.Add("endpoint", "required")
	case len(endpoint) > 1000:
		v.Add("endpoint", "too_long", "max", 1000)
	case err != nil || u.Scheme != "https" || u.Host == "":
		v.Add("endpoint", "invalid_push_endpoint")
	}
	if b, err := base64.RawURLEncoding.DecodeString(trimPad(p256dh)); err != nil || len(b) != 65 || b[0] != 4 {
		v.Add("keys.p256dh", "invalid_push_key")
	}
	if b, err := base64.RawURLEncoding.DecodeString(trimPad(auth)); err != nil || len(b) != 16 {
		v.Add("keys.auth", "invalid_push_key")
	}
	return v.Err()
}

func trimPad(s string) string {
	for len(s) > 0 && s[len(s)-1] == '=' {
		s = s[:len(s)-1]
	}
	return s
}

// SavePushSubscription keeps a browser's subscription for a user. The same
// endpoint again (the browser subscribed before, maybe for another user
// who signed in on it) is updated, not added: a browser is one recipient.
func (s *Store) SavePushSubscription(ctx context.Context, userID int64, endpoint, p256dh, auth string) (*PushSubscription, bool, error) {
	if err := checkPushSubscription(endpoint, p256dh, auth); err != nil {
		return nil, false, err
	}
	now := s.clock.Now().UTC()
	hash := endpointHash(endpoint)
	var sub PushSubscription
	created := false
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		err := s.forUpdate(tx).Where("endpoint_hash = ?", hash).Take(&sub).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			sub = PushSubscription{UserID: userID, Endpoint: endpoint, EndpointHash: hash, P256dh: trimPad(p256dh), Auth: trimPad(auth),
				CreatedAt: now, UpdatedAt: now}
			created = true
			return tx.Create(&sub).Error
		} else if err != nil {
			return err
		}
		sub.UserID, sub.P256dh, sub.Auth, sub.UpdatedAt = userID, trimPad(p256dh), trimPad(auth), now
		return tx.Save(&sub).Error
	})
	if isDuplicate(err) {
		// Another request saved the same endpoint at the same moment.
		return s.SavePushSubscription(ctx, userID, endpoint, p256dh, auth)
	}
	return &sub, created, err
}

// DeletePushSubscription removes a user's subscription of an endpoint
// (signing out, or the user turning push off); false when it had none.
func (s *Store) DeletePushSubscription(ctx context.Context, userID int64, endpoint string) (bool, error) {
	res := s.conn(ctx).Where("endpoint_hash = ? AND user_id = ?", endpointHash(endpoint), userID).Delete(&PushSubscription{})
	return res.RowsAffected > 0, res.Error
}

// PushSubscriptionOf is the subscription a push send targets.
func (s *Store) PushSubscriptionOf(ctx context.Context, target string) (*PushSubscription, error) {
	id, err := strconv.ParseInt(target, 10, 64)
	if err != nil {
		return nil, ErrNotFound
	}
	var sub PushSubscription
	err = s.conn(ctx).Take(&sub, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	return &sub, err
}

// DropPushSubscription deletes a subscription the push service says is
// gone (404/410).
func (s *Store) DropPushSubscription(ctx context.Context, id int64) error {
	return s.conn(ctx).Delete(&PushSubscription{}, id).Error
}

// pushSends are the Web Push sends of notifications: one per subscription
// of each recipient.
func pushSends(tx *gorm.DB, now time.Time, rows []Notification, users []int64) ([]NotificationSend, error) {
	var subs []PushSubscription
	if err := tx.Select("id, user_id").Where("user_id IN ?", users).Order("id").Find(&subs).Error; err != nil {
		return nil, err
	}
	byUser := map[int64][]int64{}
	for _, sb := range subs {
		byUser[sb.UserID] = append(byUser[sb.UserID], sb.ID)
	}
	var out []NotificationSend
	for _, r := range rows {
		for _, id := range byUser[*r.UserID] {
			out = append(out, NotificationSend{NotificationID: r.ID, UserID: r.UserID, Channel: ChannelPush,
				Target: strconv.FormatInt(id, 10), Status: SendPending, NextAttemptAt: now, CreatedAt: now})
		}
	}
	return out, nil
}
