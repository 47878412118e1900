package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Comment is one message in an order's thread between the merchandiser and
// the factory.
type Comment struct {
	ID        int64 `gorm:"primaryKey"`
	OrderID   int64
	AuthorID  int64
	Body      string
	CreatedAt time.Time

	// SupplierID is the order's supplier when the comment was written, staff
	// comments too: a factory sees only its own supplier's (Scope.Owns).
	SupplierID *int64
}

// CreateComment adds a comment with photos to an order the scope can see.
func (s *Store) CreateComment(ctx context.Context, orderID int64, body string, photoIDs []int64, by Uploader, sc Scope) (*Comment, error) {
	body = strings.TrimSpace(body)
	v := &ValidationError{}
	checkText(v, "body", body, len(photoIDs) == 0, 4000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var c Comment
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.getOrderTx(tx, orderID, sc, false)
		if err != nil {
			return err
		}
		if _, err := orderStep(o.Status, OrderComment); err != nil {
			return err
		}
		now := s.clock.Now()
		c = Comment{OrderID: o.ID, SupplierID: &o.SupplierID, AuthorID: by.UserID, Body: body, CreatedAt: now}
		if err := tx.Create(&c).Error; err != nil {
			return fmt.Errorf("create comment: %w", err)
		}
		if err := s.AttachPhotos(tx, photoIDs, by, PhotoOwner{Kind: "comment", ID: c.ID, SupplierID: o.SupplierID}); err != nil {
			return err
		}
		if err := addActivity(tx, now, o.ID, &by.UserID, ActCommented, false, map[string]any{"comment_id": c.ID, "photo_ids": photoIDs}); err != nil {
			return err
		}
		return notifyOtherSide(tx, now, o, by.UserID, by.SupplierID != nil, NotifyCommentAdded,
			map[string]any{"comment_id": c.ID, "excerpt": excerpt(body, 120)})
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ListComments pages through an order's comments in the scope, oldest first.
func (s *Store) ListComments(ctx context.Context, orderID int64, sc Scope, p Page) ([]Comment, string, error) {
	limit, after, err := p.Normalize()
	if err != nil {
		return nil, "", err
	}
	var rows []Comment
	if err := sc.ownRows(s.conn(ctx)).Where("order_id = ? AND id > ?", orderID, after).Order("id").Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, "", err
	}
	rows, next := pageOf(rows, limit, func(c Comment) int64 { return c.ID })
	return rows, next, nil
}

// UserNames maps user ids to display names (for activity and comments).
func (s *Store) UserNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	users, err := lookupBy(ctx, s, "users", uniq(ids), []string{"id", "name"}, in[int64]("id"),
		func(u User) int64 { return u.ID })
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(users))
	for id, u := range users {
		out[id] = u.Name
	}
	return out, nil
}
