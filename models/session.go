package models

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// RefreshToken is one opaque refresh token, stored only as its SHA-256. Every
// rotation makes a successor in the same family; reusing a spent token
// revokes the family.
type RefreshToken struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	FamilyID  string
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
}

const (
	// RefreshTTL is how long a refresh token lives unused.
	RefreshTTL = 30 * 24 * time.Hour
	// RefreshGrace is how long a spent token still yields its successor, so
	// two tabs refreshing at once do not log the user out.
	RefreshGrace  = 10 * time.Second
	refreshPrefix = "rt1."
)

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// successorOf derives the token that replaces raw. Deriving it (rather than
// drawing a fresh random one) lets a request racing within the grace window
// hand out the same successor without the server keeping any token in clear.
func (s *Store) successorOf(raw string) string {
	m := hmac.New(sha256.New, s.tokenKey)
	m.Write([]byte("refresh-successor:" + raw))
	return refreshPrefix + base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// IssueRefreshToken starts a new token family for a user (at login).
func (s *Store) IssueRefreshToken(ctx context.Context, userID int64) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	raw := refreshPrefix + base64.RawURLEncoding.EncodeToString(b)
	fam := make([]byte, 16)
	if _, err := rand.Read(fam); err != nil {
		return "", err
	}
	now := s.clock.Now()
	t := RefreshToken{UserID: userID, FamilyID: hex.EncodeToString(fam), TokenHash: hashToken(raw),
		CreatedAt: now, ExpiresAt: now.Add(RefreshTTL)}
	if err := s.conn(ctx).Create(&t).Error; err != nil {
		return "", fmt.Errorf("issue refresh token: %w", err)
	}
	return raw, nil
}

// ErrTokenReused is returned when a spent refresh token is presented after
// the grace window: the family has been revoked.
var ErrTokenReused = errors.New("refresh token reused")

// RotateRefreshToken spends raw and returns its user and the successor token.
func (s *Store) RotateRefreshToken(ctx context.Context, raw string) (int64, string, error) {
	if !strings.HasPrefix(raw, refreshPrefix) || len(raw) > 100 {
		return 0, "", ErrUnauthorized
	}
	now := s.clock.Now()
	next := s.successorOf(raw)
	var userID int64
	var reused bool
	err := s.readCommittedTx(ctx, func(tx *gorm.DB) error {
		var t RefreshToken
		if err := tx.Where("token_hash = ?", hashToken(raw)).Take(&t).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrUnauthorized
			}
			return err
		}
		if t.RevokedAt != nil || !now.Before(t.ExpiresAt) {
			return ErrUnauthorized
		}
		userID = t.UserID
		// Spend the token only if nobody has; the conditional update is the
		// race arbiter on both dialects.
		res := tx.Model(&RefreshToken{}).Where("id = ? AND used_at IS NULL", t.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			succ := RefreshToken{UserID: t.UserID, FamilyID: t.FamilyID, TokenHash: hashToken(next),
				CreatedAt: now, ExpiresAt: now.Add(RefreshTTL)}
			return tx.Create(&succ).Error
		}
		// Already spent: a racing twin within the grace window gets the same
		// successor, unless that successor has itself been spent or revoked.
		if err := tx.Where("id = ?", t.ID).Take(&t).Error; err != nil {
			return err
		}
		if t.UsedAt != nil && now.Sub(*t.UsedAt) <= RefreshGrace {
			var succ RefreshToken
			if err := tx.Where("token_hash = ?", hashToken(next)).Take(&succ).Error; err == nil &&
				succ.UsedAt == nil && succ.RevokedAt == nil {
				return nil
			}
		}
		reused = true
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrUnauthorized) {
			return 0, "", err
		}
		return 0, "", fmt.Errorf("rotate refresh token: %w", err)
	}
	if reused {
		if err := s.RevokeRefreshFamily(ctx, raw); err != nil {
			return 0, "", err
		}
		return 0, "", ErrTokenReused
	}
	if ok, err := s.userMaySignIn(ctx, userID); err != nil || !ok {
		return 0, "", ErrUnauthorized
	}
	return userID, next, nil
}

func (s *Store) userMaySignIn(ctx context.Context, userID int64) (bool, error) {
	st, err := s.GetAuthState(ctx, userID)
	if err != nil {
		return false, err
	}
	return st.Active, nil
}

// RevokeRefreshFamily revokes every token of raw's family (logout, reuse).
// An unknown token is not an error: logging out twice is fine.
func (s *Store) RevokeRefreshFamily(ctx context.Context, raw string) error {
	var t RefreshToken
	err := s.conn(ctx).Where("token_hash = ?", hashToken(raw)).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("revoke refresh family: %w", err)
	}
	return s.conn(ctx).Model(&RefreshToken{}).Where("family_id = ? AND revoked_at IS NULL", t.FamilyID).
		Update("revoked_at", s.clock.Now()).Error
}

func revokeUserTokens(tx *gorm.DB, userID int64, now time.Time) error {
	if err := tx.Model(&RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", now).Error; err != nil {
		return fmt.Errorf("revoke tokens of user %d: %w", userID, err)
	}
	return nil
}

// PurgeRefreshTokens deletes tokens expired before the cut-off.
func (s *Store) PurgeRefreshTokens(ctx context.Context, before time.Time) (int64, error) {
	res := s.conn(ctx).Where("expires_at < ?", before).Delete(&RefreshToken{})
	return res.RowsAffected, res.Error
}
