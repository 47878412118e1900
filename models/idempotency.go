package models

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// IdempotencyKey records the first request made with a client's key and,
// once it finished, its response. Status 0 means the request is in flight.
type IdempotencyKey struct {
	ID           int64 `gorm:"primaryKey"`
	UserID       int64
	IdemKey      string
	Method       string
	Path         string
	RequestHash  string
	Status       int
	ResponseBody []byte
	ContentType  string
	CreatedAt    time.Time
	ExpiresAt    time.Time
}

// IdempotencyTTL is how long a key is remembered.
const IdempotencyTTL = 7 * 24 * time.Hour

// ClaimIdempotencyKey inserts an in-flight record for (user, key). When the key
// exists already it returns that record and claimed=false.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, userID int64, key, method, path, reqHash string) (*IdempotencyKey, bool, error) {
	now := s.clock.Now()
	rec := &IdempotencyKey{UserID: userID, IdemKey: key, Method: method, Path: path, RequestHash: reqHash,
		CreatedAt: now, ExpiresAt: now.Add(IdempotencyTTL)}
	err := s.conn(ctx).Create(rec).Error
	if err == nil {
		return rec, true, nil
	}
	if !isDuplicate(err) {
		return nil, false, fmt.Errorf("claim idempotency key: %w", err)
	}
	existing, err := s.GetIdempotencyKey(ctx, userID, key)
	if errors.Is(err, ErrNotFound) {
		// The holder gave its claim up (5xx) between our insert and read: try once more.
		if err := s.conn(ctx).Create(rec).Error; err == nil {
			return rec, true, nil
		}
		existing, err = s.GetIdempotencyKey(ctx, userID, key)
	}
	if err != nil {
		return nil, false, err
	}
	if existing.ExpiresAt.Before(now) {
		// Past its time but not yet purged: the key starts afresh.
		if err := s.conn(ctx).Delete(&IdempotencyKey{}, existing.ID).Error; err != nil {
			return nil, false, err
		}
		return s.ClaimIdempotencyKey(ctx, userID, key, method, path, reqHash)
	}
	return existing, false, nil
}

// GetIdempotencyKey loads the record of (user, key).
func (s *Store) GetIdempotencyKey(ctx context.Context, userID int64, key string) (*IdempotencyKey, error) {
	var rec IdempotencyKey
	if err := s.conn(ctx).Where("user_id = ? AND idem_key = ?", userID, key).Take(&rec).Error; err != nil {
		return nil, notFound(err)
	}
	return &rec, nil
}

// CompleteIdempotencyKey stores the response of a claimed key.
func (s *Store) CompleteIdempotencyKey(ctx context.Context, id int64, status int, contentType string, body []byte) error {
	return s.conn(ctx).Model(&IdempotencyKey{}).Where("id = ?", id).Updates(map[string]any{
		"status": status, "content_type": contentType, "response_body": body}).Error
}

// ReleaseIdempotencyKey forgets a claim whose request failed on the server's
// side, so the client's retry runs again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, id int64) error {
	return s.conn(ctx).Delete(&IdempotencyKey{}, id).Error
}

// PurgeIdempotencyKeys deletes records past their time.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context) (int64, error) {
	res := s.conn(ctx).Where("expires_at < ?", s.clock.Now()).Delete(&IdempotencyKey{})
	return res.RowsAffected, res.Error
}
