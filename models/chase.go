package models

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ChaseLog is one follow-up of a merchandiser with a factory (跟进记录):
// how they reached it, what it said, the date it promised and when to
// follow up next. Together the chase logs are the work diary (工作日记).
type ChaseLog struct {
	ID          int64 `gorm:"primaryKey"`
	OrderID     *int64
	SupplierID  int64
	MilestoneID *int64
	Topic       string
	Channel     string
	Said        string
	// PromisedDate is what the factory promised; PreviousPromisedDate the
	// latest earlier promise on the same order (and step), so a promise
	// that slips again shows.
	PromisedDate         string
	PreviousPromisedDate string
	NextFollowUp         string
	CreatedBy            int64
	CreatedAt            time.Time
}

// JobRun is the lease row of one run of a scheduled job (risk_store.go):
// the node that holds it, until when, and whether it finished.
type JobRun struct {
	ID         int64 `gorm:"primaryKey"`
	Job        string
	RunKey     string
	Holder     string
	StartedAt  time.Time
	LeaseUntil time.Time
	FinishedAt *time.Time
	Attempts   int
	RowsDone   int
}

// Chase channels: how the merchandiser reached the factory.
var ChaseChannels = []string{"called", "messaged", "visited"}

// ChaseTopics are the Today list's kinds a chase may be about ("" when
// logged from the order page).
var ChaseTopics = []string{"", TodayStepOverdue, TodayStepDue, TodayQuietFactory, TodaySampleWaiting,
	TodayInspection, TodayDeliveryToConfirm, TodayFollowUp, TodayMaterialPODue}

// ChaseInput is a merchandiser's chase; OrderID or SupplierID names what
// it is about (an order gives its supplier).
type ChaseInput struct {
	OrderID      *int64
	SupplierID   *int64
	MilestoneID  *int64
	Topic        string
	Channel      string
	Said         string
	PromisedDate string
	NextFollowUp string
}

// CreateChase records a chase. The previous promise is the latest earlier
// promised date on the same step when one is named and promised before,
// else on the order, so a promise that slips again is visible
// (ChaseLog.Slipped).
func (s *Store) CreateChase(ctx context.Context, in ChaseInput, by int64) (*ChaseLog, error) {
	v := &ValidationError{}
	in.Said = strings.TrimSpace(in.Said)
	if !slices.Contains(ChaseChannels, in.Channel) {
		v.Add("channel", "one_of", "allowed", strings.Join(ChaseChannels, ", "))
	}
	if !slices.Contains(ChaseTopics, in.Topic) {
		v.Add("topic", "one_of", "allowed", strings.Join(ChaseTopics[1:], ", "))
	}
	checkText(v, "said", in.Said, false, 2000)
	checkDate(v, "promised_date", in.PromisedDate, false)
	now := s.clock.Now()
	if checkDate(v, "next_follow_up", in.NextFollowUp, false) && in.NextFollowUp != "" && in.NextFollowUp < AddDays(nowDate(now), -1) {
		v.Add("next_follow_up", "follow_up_in_past", "today", nowDate(now))
	}
	if in.OrderID == nil && in.SupplierID == nil {
		v.Add("order_id", "required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := &ChaseLog{OrderID: in.OrderID, MilestoneID: in.MilestoneID, Topic: in.Topic, Channel: in.Channel, Said: in.Said,
		PromisedDate: in.PromisedDate, NextFollowUp: in.NextFollowUp, CreatedBy: by, CreatedAt: now}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if in.OrderID != nil {
			var o Order
			if err := tx.Select("id", "supplier_id").First(&o, *in.OrderID).Error; err != nil {
				if errors.Is(err, gorm.ErrRecordNotFound) {
					return Invalid("order_id", "unknown_order")
				}
				return err
			}
			c.SupplierID = o.SupplierID
			if in.MilestoneID != nil {
				var n int64
				if err := tx.Model(&Milestone{}).Where("id = ? AND order_id = ?", *in.MilestoneID, o.ID).Count(&n).Error; err != nil {
					return err
				}
				if n == 0 {
					return Invalid("milestone_id", "unknown_milestone")
				}
			}
			if in.PromisedDate != "" {
				// The step's own latest promise, else the order's.
				var prev []ChaseLog
				latest := func(step *int64) error {
					q := tx.Model(&ChaseLog{}).Where("order_id = ? AND promised_date <> ''", o.ID)
					if step != nil {
						q = q.Where("milestone_id = ?", *step)
					}
					return q.Order("id DESC").Limit(1).Find(&prev).Error
				}
				if in.MilestoneID != nil {
					if err := latest(in.MilestoneID); err != nil {
						return err
					}
				}
				if len(prev) == 0 {
					if err := latest(nil); err != nil {
						return err
					}
				}
				if len(prev) == 1 {
					c.PreviousPromisedDate = prev[0].PromisedDate
				}
			}
		} else {
			var n int64
			if err := tx.Model(&Supplier{}).Where("id = ?", *in.SupplierID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return Invalid("supplier_id", "unknown_supplier")
			}
			c.SupplierID = *in.SupplierID
			c.MilestoneID = nil
		}
		if err := tx.Create(c).Error; err != nil {
			return fmt.Errorf("create chase: %w", err)
		}
		if c.OrderID == nil {
			return nil
		}
		// The factory's record of what it was asked and promised.
		return addNotification(tx, now, Notification{SupplierID: &c.SupplierID, ActorID: &by, Kind: NotifyChaseLogged, OrderID: *c.OrderID},
			map[string]any{"chase_id": c.ID, "channel": c.Channel, "promised_date": c.PromisedDate})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Slipped: the factory promised a later date than it promised before.
func (c *ChaseLog) Slipped() bool {
	return c.PreviousPromisedDate != "" && c.PromisedDate > c.PreviousPromisedDate
}

// ChaseFilter selects chases: of an order, or of a supplier.
type ChaseFilter struct {
	OrderID    *int64
	SupplierID *int64
	Page
}

// ListChases pages through chases, newest first.
func (s *Store) ListChases(ctx context.Context, f ChaseFilter) ([]ChaseLog, string, error) {
	limit, after, err := f.Page.Normalize()
	if err != nil {
		return nil, "", err
	}
	if f.OrderID == nil && f.SupplierID == nil {
		return nil, "", Invalid("order_id", "required")
	}
	q := s.conn(ctx).Order("id DESC").Limit(limit + 1)
	if after > 0 {
		q = q.Where("id < ?", after)
	}
	if f.OrderID != nil {
		q = q.Where("order_id = ?", *f.OrderID)
	}
	if f.SupplierID != nil {
		q = q.Where("supplier_id = ?", *f.SupplierID)
	}
	var rows []ChaseLog
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list chases: %w", err)
	}
	rows, next := pageOf(rows, limit, func(c ChaseLog) int64 { return c.ID })
	return rows, next, nil
}

// latestChases maps order ids to their latest chase.
func latestChases(tx *gorm.DB, orderIDs []int64) (map[int64]ChaseLog, error) {
	out := map[int64]ChaseLog{}
	err := chunks(uniq(orderIDs), func(part []int64) error {
		var rows []ChaseLog
		if err := tx.Where("id IN (?)", tx.Model(&ChaseLog{}).Select("MAX(id)").Where("order_id IN ?", part).Group("order_id")).
			Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			out[*r.OrderID] = r
		}
		return nil
	})
	return out, err
}
