package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// A status link is a capability URL a merchandiser sends a customer: whoever
// holds the token reads the order's customer-safe status (statuslink_view.go),
// until the link expires or is revoked. Only the SHA-256 of the token is
// stored, so a copy of the database opens no link.
type StatusLink struct {
	ID             int64 `gorm:"primaryKey"`
	OrderID        int64
	TokenHash      string
	RecipientName  string
	RecipientEmail string
	Language       string
	Sections       string // comma-separated, in LinkSections order
	ShowEmail      bool
	ShowPhone      bool
	CreatedBy      int64
	CreatedAt      time.Time
	ExpiresAt      time.Time
	RevokedAt      *time.Time
	RevokedBy      *int64
	LastViewedAt   *time.Time
	ViewCount      int64
}

// The sections a link may show.
const (
	SectionProgress    = "progress"
	SectionSamples     = "samples"
	SectionInspections = "inspections"
	SectionShipments   = "shipments"
)

// LinkSections lists every section, in the order the page shows them.
var LinkSections = []string{SectionProgress, SectionSamples, SectionInspections, SectionShipments}

// LinkLanguages are the languages a status page speaks.
var LinkLanguages = []string{"zh-CN", "en"}

// Link lifetimes in days.
const (
	LinkDefaultDays = 90
	LinkMaxDays     = 365
	// linkTokenBytes is 256 random bits: far beyond guessing, 43 characters
	// of base64url.
	linkTokenBytes = 32
)

// Link statuses: a link is active until it expires or is revoked. Expiry is
// read from the clock, never written.
const (
	LinkActive  = "active"
	LinkExpired = "expired"
	LinkRevoked = "revoked"
)

// LinkStatuses lists every link status.
var LinkStatuses = []string{LinkActive, LinkExpired, LinkRevoked}

// LinkRevoke is the one thing done to a link.
const LinkRevoke Action = "revoke"

// LinkActions lists every link action (for the table test).
var LinkActions = []Action{LinkRevoke}

// linkTransitions: an active link is revoked; an expired or revoked one
// takes nothing.
var linkTransitions = Transitions{
	LinkActive:  {LinkRevoke: LinkRevoked},
	LinkExpired: {},
	LinkRevoked: {},
}

// LinkCan reports whether a link in status allows a.
func LinkCan(status string, a Action) bool { return linkTransitions.Can(status, a) }

func linkStep(from string, a Action) (string, error) {
	if to, ok := linkTransitions.Next(from, a); ok {
		return to, nil
	}
	return "", Conflict("link_not_active", "status", from)
}

// Status is the link's status at now.
func (l *StatusLink) Status(now time.Time) string {
	switch {
	case l.RevokedAt != nil:
		return LinkRevoked
	case !now.Before(l.ExpiresAt):
		return LinkExpired
	}
	return LinkActive
}

// SectionList is the link's sections as a list.
func (l *StatusLink) SectionList() []string {
	if l.Sections == "" {
		return nil
	}
	return strings.Split(l.Sections, ",")
}

// Shows reports whether the link shows a section.
func (l *StatusLink) Shows(section string) bool { return slices.Contains(l.SectionList(), section) }

// NewLinkToken makes a token of 256 random bits (base64url, no padding) and
// the hash that is stored for it.
func NewLinkToken() (token, hash string, err error) {
	b := make([]byte, linkTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("link token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashLinkToken(token), nil
}

// HashLinkToken is the stored form of a token: SHA-256, hex.
func HashLinkToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// PlausibleLinkToken reports whether s could be a token this server made,
// so that junk is answered without a query.
func PlausibleLinkToken(s string) bool {
	if len(s) != base64.RawURLEncoding.EncodedLen(linkTokenBytes) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// LinkInput is a new link as the merchandiser asks for it; nil fields take
// their defaults.
type LinkInput struct {
	RecipientName  string
	RecipientEmail string
	ExpiresInDays  *int
	Language       string
	Sections       []string
	ShowEmail      *bool
	ShowPhone      *bool
}

func (in *LinkInput) validate() error {
	v := &ValidationError{}
	in.RecipientName = strings.TrimSpace(in.RecipientName)
	in.RecipientEmail = strings.TrimSpace(in.RecipientEmail)
	if len([]rune(in.RecipientName)) > 100 {
		v.Add("recipient_name", "too_long", "max", 100)
	}
	checkEmail(v, "recipient_email", in.RecipientEmail, false)
	if in.ExpiresInDays != nil && (*in.ExpiresInDays < 1 || *in.ExpiresInDays > LinkMaxDays) {
		v.Add("expires_in_days", "out_of_range", "min", 1, "max", LinkMaxDays)
	}
	if in.Language != "" && !slices.Contains(LinkLanguages, in.Language) {
		v.Add("language", "one_of", "allowed", strings.Join(LinkLanguages, ", "))
	}
	if in.Sections != nil {
		if len(in.Sections) == 0 {
			v.Add("sections", "required")
		}
		for _, s := range in.Sections {
			if !slices.Contains(LinkSections, s) {
				v.Add("sections", "one_of", "allowed", strings.Join(LinkSections, ", "))
			}
		}
	}
	return v.Err()
}

// CreateStatusLink makes a link to an order and returns it with its token;
// the token is not kept and cannot be shown again.
func (s *Store) CreateStatusLink(ctx context.Context, orderID int64, in LinkInput, by int64) (*StatusLink, string, error) {
	if err := in.validate(); err != nil {
		return nil, "", err
	}
	var o struct {
		ID     int64
		Locale string
	}
	err := s.conn(ctx).Table("orders").Select("orders.id, customers.locale").
		Joins("JOIN customers ON customers.id = orders.customer_id").
		Where("orders.id = ?", orderID).Take(&o).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, "", ErrNotFound
	} else if err != nil {
		return nil, "", err
	}
	token, hash, err := NewLinkToken()
	if err != nil {
		return nil, "", err
	}
	now := s.clock.Now().UTC()
	days := LinkDefaultDays
	if in.ExpiresInDays != nil {
		days = *in.ExpiresInDays
	}
	lang := in.Language
	if lang == "" {
		lang = "en"
		if strings.HasPrefix(o.Locale, "zh") {
			lang = "zh-CN"
		}
	}
	sections := LinkSections
	if in.Sections != nil {
		// Stored in the page's order, once each.
		sections = slices.DeleteFunc(slices.Clone(LinkSections), func(s string) bool { return !slices.Contains(in.Sections, s) })
	}
	l := &StatusLink{OrderID: orderID, TokenHash: hash, RecipientName: in.RecipientName,
		RecipientEmail: in.RecipientEmail, Language: lang, Sections: strings.Join(sections, ","),
		ShowEmail: in.ShowEmail == nil || *in.ShowEmail, ShowPhone: in.ShowPhone != nil && *in.ShowPhone,
		CreatedBy: by, CreatedAt: now, ExpiresAt: now.AddDate(0, 0, days)}
	err = s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(l).Error; err != nil {
			return err
		}
		// Internal: the factory does not see whom the buyer shares with.
		return addActivity(tx, now, orderID, &by, ActLinkCreated, true,
			map[string]any{"link_id": l.ID, "recipient": l.RecipientName, "expires_at": l.ExpiresAt})
	})
	if err != nil {
		return nil, "", err
	}
	return l, token, nil
}

// Activity kinds of status links.
const (
	ActLinkCreated = "status_link_created"
	ActLinkRevoked = "status_link_revoked"
)

// ListStatusLinks lists an order's links, newest first.
func (s *Store) ListStatusLinks(ctx context.Context, orderID int64) ([]StatusLink, error) {
	if err := s.orderExists(ctx, orderID); err != nil {
		return nil, err
	}
	var out []StatusLink
	err := s.conn(ctx).Where("order_id = ?", orderID).Order("id DESC").Find(&out).Error
	return out, err
}

func (s *Store) orderExists(ctx context.Context, orderID int64) error {
	var n int64
	if err := s.conn(ctx).Table("orders").Where("id = ?", orderID).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// RevokeStatusLink ends a link at once: its next request answers 410.
func (s *Store) RevokeStatusLink(ctx context.Context, orderID, linkID, by int64) (*StatusLink, error) {
	var l StatusLink
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		err := s.forUpdate(tx).Where("id = ? AND order_id = ?", linkID, orderID).Take(&l).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		now := s.clock.Now().UTC()
		if _, err := linkStep(l.Status(now), LinkRevoke); err != nil {
			return err
		}
		l.RevokedAt, l.RevokedBy = &now, &by
		if err := tx.Model(&l).Updates(map[string]any{"revoked_at": now, "revoked_by": by}).Error; err != nil {
			return err
		}
		return addActivity(tx, now, orderID, &by, ActLinkRevoked, true,
			map[string]any{"link_id": l.ID, "recipient": l.RecipientName})
	})
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// LinkByHash finds a link by its token's hash (ErrNotFound when none). It
// is the public page's one query of the link on every request, so that a
// revocation on any node is seen by the next request: a prepared statement
// of the primary-key-like unique index.
func (s *Store) LinkByHash(ctx context.Context, hash string) (*StatusLink, error) {
	st, err := s.prepared(ctx, `SELECT id, order_id, language, sections, show_email, show_phone, expires_at, revoked_at
		FROM status_links WHERE token_hash = ?`)
	if err != nil {
		return nil, err
	}
	s.reads.Add(1)
	var l StatusLink
	var revoked sql.NullTime
	err = st.QueryRowContext(ctx, hash).Scan(&l.ID, &l.OrderID, &l.Language, &l.Sections, &l.ShowEmail, &l.ShowPhone,
		&l.ExpiresAt, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, err
	}
	if revoked.Valid {
		t := revoked.Time
		l.RevokedAt = &t
	}
	l.TokenHash = hash
	return &l, nil
}

// LinkViews is what one node counted of a link's views since its last flush.
type LinkViews struct {
	Count int64
	Last  time.Time
}

// AddLinkViews adds views counted in memory to their links (one statement
// per link, in one transaction).
func (s *Store) AddLinkViews(ctx context.Context, views map[int64]LinkViews) error {
	if len(views) == 0 {
		return nil
	}
	return s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for id, v := range views {
			err := tx.Exec(`UPDATE status_links SET view_count = view_count + ?,
				last_viewed_at = CASE WHEN last_viewed_at IS NULL OR last_viewed_at < ? THEN ? ELSE last_viewed_at END
				WHERE id = ?`, v.Count, v.Last.UTC(), v.Last.UTC(), id).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
}
